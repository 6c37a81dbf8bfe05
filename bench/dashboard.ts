/**
 * The dashboard's cost: bundle size (raw and gzip), API latency (p50/p95 of
 * the endpoints the overview and the detail pages call, in process over HTTP
 * on loopback) and the overview's first paint in headless Chromium, over 30
 * days of history for the persona catalogue written through the internal API.
 * PGlite in memory. Run: `npx tsx bench/dashboard.ts [samples]`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import { createAdmin, createApp, createAuthContext, loadAuthConfig, upsertPersona } from '@mana/auth';
import { DASHBOARD_DIST_DIR, ensureDashboardBuilt } from '@mana/dashboard/build';
import { serveOnLoopback } from '@mana/auth/testing';
import { createLogger } from '@mana/core';
import { createDatabase } from '@mana/db';
import { loadCatalog } from '@mana/personas-scripts';
import { manaRegistry } from '@mana/tools';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/chromium';
import { writeHistory } from '../e2e/dashboard-history';
import { percentile } from './lib/stats';

const SAMPLES = Number(process.argv[2] ?? 30);
const DAYS = 30;
const ADMIN = { email: 'bench@mana.test', password: 'bench-dashboard-password' };

const built = await ensureDashboardBuilt();
const dist = join(DASHBOARD_DIST_DIR, 'assets');
console.log(`bundle (${built.built ? 'built now' : 'up to date'}):`);
let raw = 0;
let gz = 0;
for (const file of readdirSync(dist)) {
  const body = readFileSync(join(dist, file));
  raw += body.length;
  gz += gzipSync(body, { level: 9 }).length;
  console.log(`  ${file.padEnd(28)} ${(body.length / 1024).toFixed(1)} KiB, gzip ${(gzipSync(body, { level: 9 }).length / 1024).toFixed(1)} KiB`);
}
console.log(`  total ${(raw / 1024).toFixed(1)} KiB, gzip ${(gz / 1024).toFixed(1)} KiB`);

let clock = new Date();
const realNow = clock;
const database = await createDatabase({ dataDir: 'memory://' });
const config = loadAuthConfig({ NODE_ENV: 'test', MANA_AUTH_URL: 'http://bench.local' });
const ctx = createAuthContext({ config, database, registry: manaRegistry, log: createLogger('bench', { level: 'silent' }), now: () => clock });
const server = await serveOnLoopback(createApp(ctx));
clock = new Date(realNow.getTime() - (DAYS + 1) * 86_400_000);
for (const persona of loadCatalog(manaRegistry)) await upsertPersona(ctx, persona);
const history = await writeHistory({ url: server.url, serviceKey: config.serviceKey, registry: manaRegistry, setClock: (at) => (clock = at), days: DAYS, end: realNow });
clock = realNow;
console.log(`history: ${history.ticks} ticks, ${history.actions} tool calls over ${DAYS} days`);
await createAdmin(ctx, ADMIN);
const login = (await (await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) })).json()) as {
  accessToken: string;
  expiresAt: string;
};

const [persona] = await database.query<{ user_id: string }>('select user_id from personas order by user_id limit 1');
const endpoints = [
  '/api/v1/admin/overview?days=30',
  '/api/v1/admin/series?days=30',
  '/api/v1/admin/tools?days=30',
  '/api/v1/admin/modules/todo?days=30',
  '/api/v1/admin/tools/todo_create?days=30',
  '/api/v1/admin/personas?limit=25',
  `/api/v1/admin/personas/${persona.user_id}`,
  `/api/v1/admin/personas/${persona.user_id}/ratings?days=30`,
];
console.log(`API latency over HTTP on loopback, ${SAMPLES} sequential requests each (after 3 warm-up):`);
for (const path of endpoints) {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES + 3; i++) {
    const start = performance.now();
    const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${login.accessToken}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    if (i >= 3) times.push(performance.now() - start);
  }
  console.log(`  ${path.replace(persona.user_id, ':id').padEnd(48)} p50 ${percentile(times, 50).toFixed(1)} ms  p95 ${percentile(times, 95).toFixed(1)} ms`);
}

const chromium = chromiumPath();
if (chromium) {
  const { chromium: playwright } = await import('playwright-core');
  const browser = await playwright.launch({ executablePath: chromium, args: CHROMIUM_ARGS });
  const paints: number[] = [];
  const ready: number[] = [];
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(`sessionStorage.setItem('manaAdminSession', ${JSON.stringify(JSON.stringify({ ...login, email: ADMIN.email }))})`);
    const page = await context.newPage();
    await page.goto(`${server.url}/admin?days=30`);
    await page.waitForSelector('#ratings-chart canvas');
    await page.waitForSelector('#latency-chart canvas');
    const timing = JSON.parse(
      String(await page.evaluate(`JSON.stringify({ fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null, now: performance.now() })`)),
    ) as { fcp: number | null; now: number };
    if (timing.fcp !== null) paints.push(timing.fcp);
    ready.push(timing.now);
    await context.close();
  }
  console.log(
    `overview, 30 days, Chromium headless (5 loads): first contentful paint median ${percentile(paints, 50).toFixed(0)} ms; every chart drawn median ${percentile(ready, 50).toFixed(0)} ms`,
  );
  await browser.close();
} else console.log('overview first paint: skipped (no chromium on PATH)');

await server.close();
await database.close();
console.log(
  `node ${process.version}, ${os.cpus().length} cores, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
