/**
 * The whole system as `npm start` composes it (scripts/system.ts) on a test
 * database: an admin seeds the real persona catalogue through the seed script
 * and the admin API, one tick runs on the offline driver through real mana-mcp,
 * and every due persona ends with actions and grounded ratings in the database;
 * then the admin dashboard shows it in headless Chromium.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '@mana/auth';
import { ensureDashboardBuilt } from '@mana/dashboard/build';
import { dueResponse } from '@mana/contracts';
import { freePort } from '@mana/core/testing/free-port';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { connectAdmin, loadCatalog, seedPersonas } from '@mana/personas-scripts';
import { manaRegistry } from '@mana/tools';
import { startSystem, type RunningSystem } from '../scripts/system';

const ADMIN = { email: 'ops@mana.test', password: 'monday-morning-dashboard' };

function chromiumPath(): string | undefined {
  try {
    const path = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

describe('the whole system', () => {
  let database: TestDatabase;
  let system: RunningSystem;
  const catalogue = loadCatalog(manaRegistry);

  beforeAll(async () => {
    database = await createTestDatabase();
    const authPort = await freePort();
    system = await startSystem({
      database,
      startLoop: false,
      env: {
        NODE_ENV: 'test',
        MANA_AUTH_PORT: String(authPort),
        MANA_AUTH_URL: `http://127.0.0.1:${authPort}`,
        MANA_MCP_PORT: '0',
        RUNNER_PORT: '0',
        MANA_AUTOSEED: '0',
        PERSONA_DRIVER: 'offline',
        PERSONA_CONCURRENCY: '4',
        LOG_LEVEL: 'silent',
      },
    });
    await createAdmin(system.auth.ctx, ADMIN);
  });
  afterAll(async () => {
    await system?.close();
    await database?.close();
  });

  it('seeds the catalogue through the admin API, idempotently', async () => {
    const client = await connectAdmin({ baseUrl: system.auth.url, ...ADMIN });
    const first = await seedPersonas(catalogue, client);
    expect(first.map((l) => l.action)).toEqual(catalogue.map(() => 'created'));
    const second = await seedPersonas(catalogue, client);
    expect(second.map((l) => l.action)).toEqual(catalogue.map(() => 'updated'));
    const [{ n }] = await database.query<{ n: number }>(`select count(*)::int as n from personas p join users u on u.id = p.user_id where u.kind = 'persona'`);
    expect(n).toBe(catalogue.length);
  });

  it('one tick: every due persona completes with actions and ratings of the modules it used', async () => {
    const headers = { 'x-service-key': system.auth.config.serviceKey };
    const due = dueResponse.parse(await (await fetch(`${system.auth.url}/api/v1/internal/personas/due?limit=100`, { headers })).json());
    expect(due.personas.length).toBeGreaterThan(0);

    const res = await fetch(`${system.runner.url}/diag/pass`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    const tick = (await res.json()) as { claimed: number; succeeded: number; failed: unknown[] };
    expect(tick).toMatchObject({ claimed: due.personas.length, succeeded: due.personas.length, failed: [] });

    const ticks = await database.query<{ persona_id: string; id: string; status: string; driver: string }>('select persona_id, id, status, driver from persona_ticks');
    expect(ticks.map((t) => t.persona_id).sort()).toEqual(due.personas.map((p) => p.userId).sort());
    for (const t of ticks) {
      expect(t).toMatchObject({ status: 'succeeded', driver: 'offline' });
      const actions = await database.query<{ module: string; tool_name: string }>('select module, tool_name from persona_actions where tick_id = $1', [t.id]);
      expect(actions.length).toBeGreaterThanOrEqual(3);
      for (const a of actions) expect(manaRegistry.tool(a.tool_name)?.module).toBe(a.module);
      const feedback = await database.query<{ module: string; rating: number; status: string }>('select module, rating, status from persona_feedback where tick_id = $1', [t.id]);
      expect(feedback.length).toBeGreaterThan(0);
      const used = new Set(actions.map((a) => a.module));
      for (const f of feedback) {
        expect(f.status).toBe('rated');
        expect(used.has(f.module)).toBe(true);
        expect(f.rating).toBeGreaterThanOrEqual(1);
        expect(f.rating).toBeLessThanOrEqual(5);
      }
    }

    const again = (await (await fetch(`${system.runner.url}/diag/pass`, { method: 'POST', headers: { 'content-type': 'application/json' } })).json()) as { claimed: number };
    expect(again.claimed).toBe(0);
  });

  const chromium = chromiumPath();
  it.skipIf(!chromium)('the admin dashboard shows the day in Chromium', async () => {
    await ensureDashboardBuilt();
    const { chromium: playwright } = await import('playwright-core');
    const browser = await playwright.launch({
      executablePath: chromium,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(180_000);
      await page.goto(`${system.auth.url}/admin`);
      await page.fill('#email', ADMIN.email);
      await page.fill('#password', 'wrong-password');
      await page.click('button[type=submit]');
      await expect.poll(() => page.textContent('#login-error'), { timeout: 180_000 }).toMatch(/invalid|credentials/i);

      await page.fill('#password', ADMIN.password);
      await page.click('button[type=submit]');
      await page.waitForSelector('#modules tr[data-module]');
      const modules = await page.locator('#modules tr[data-module]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-module')));
      expect(modules.length).toBeGreaterThan(0);
      for (const m of modules) expect(manaRegistry.hasModule(String(m))).toBe(true);

      await page.click('nav a:has-text("Personas")');
      await page.waitForSelector('#personas-table tr[data-id]');
      expect(await page.locator('#personas-table tr[data-id]').count()).toBe(catalogue.length);
      const [ticked] = await database.query<{ persona_id: string }>('select persona_id from persona_ticks limit 1');
      await page.click(`#personas-table tr[data-id="${ticked.persona_id}"] a`);
      await page.waitForSelector('#persona-ticks-table tr[data-tick]');
      mkdirSync('.tmp', { recursive: true });
      await page.screenshot({ path: '.tmp/dashboard.png', fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
