/**
 * The dashboard's replay pages in headless Chromium: two stored replay runs
 * (one clean, one with an `ok→error` difference) listed newest first from the
 * nav, and the run's page with its per-tool table and the difference linked to
 * the recorded tick at that call. Screenshots go to .tmp/screenshots. Skipped, with the reason printed, where
 * Chromium is not installed.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '@mana/auth';
import { createAuthHarness, serveOnLoopback, type AuthHarness, type LoopbackServer } from '@mana/auth/testing';
import { replayResult, type ReplayResult } from '@mana/contracts';
import { ensureDashboardBuilt } from '@mana/dashboard/build';
import { storeReplayRun } from '@mana/replay/runs';
import type { Browser } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, reportMissingChromium } from './chromium';

const chromium = chromiumPath();
if (!chromium) reportMissingChromium();

const ADMIN = { email: 'replays@mana.test', password: 'replay-runs-dashboard' };
const SHOTS = '.tmp/screenshots';

/** A stored run: every total 0 but those given (read from the contract, so a new count needs no edit here). */
function run(id: string, startedAt: string, fields: Partial<ReplayResult> = {}): ReplayResult {
  const zero = Object.fromEntries(Object.keys(replayResult.shape.totals.shape).map((key) => [key, 0])) as ReplayResult['totals'];
  return {
    version: 1,
    id,
    startedAt,
    finishedAt: startedAt,
    target: { kind: 'in-process', virtualClock: true, database: 'pglite' },
    recording: { format: 'mana-personas-recording', version: 1, personas: 3, ticks: 9, calls: 50 },
    settings: { latencyRatio: 2, latencyMinMs: 50, allow: [], liveAfterDivergence: false },
    totals: { ...zero, personas: 3, ticks: 9, calls: 50, replayed: 50 },
    byKind: {},
    tools: [{ tool: 'todo_list', calls: 50, replayed: 50, skipped: 0, differences: {}, regression: false }],
    differences: [],
    differencesOmitted: 0,
    notes: [],
    exitCode: 0,
    ...fields,
  };
}

describe.skipIf(!chromium)('replay runs in the dashboard', () => {
  let h: AuthHarness;
  let server: LoopbackServer;
  let browser: Browser;

  beforeAll(async () => {
    await ensureDashboardBuilt();
    h = await createAuthHarness();
    server = await serveOnLoopback(h.app);
    await createAdmin(h.ctx, ADMIN);
    await storeReplayRun(h.database, run('clean', '2026-03-14T10:00:00.000Z'));
    const worse = run('worse', '2026-03-15T10:00:00.000Z');
    await storeReplayRun(h.database, {
      ...worse,
      totals: { ...worse.totals, differences: 1, regressions: 1, toolsChanged: 1 },
      byKind: { 'ok→error': 1 },
      tools: [{ tool: 'todo_complete', calls: 4, replayed: 4, skipped: 0, differences: { 'ok→error': 1 }, regression: true }],
      differences: [
        {
          kind: 'ok→error',
          tool: 'todo_complete',
          regression: true,
          detail: 'was ok, now error',
          persona: 'persona.anna',
          tickId: 'tick-anna-1',
          slot: '2026-03-09',
          step: 2,
          callId: 'offline-1-2',
          recorded: { result: 'ok', text: '{"todo":{"id":"t1"}}' },
          replayed: { result: 'error', text: 'MCP_FAULTS: injected error' },
        },
      ],
      exitCode: 1,
    });
    const { chromium: playwright } = await import('playwright-core');
    browser = await playwright.launch({ executablePath: chromium, args: CHROMIUM_ARGS });
    mkdirSync(SHOTS, { recursive: true });
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await h?.close();
  });

  it('lists the runs from the nav and shows a run with its difference linked to the recorded tick', async () => {
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(180_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await page.goto(`${server.url}/admin`);
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await page.click('button[type=submit]');
    await page.click('nav a:has-text("Replays")');
    await page.waitForURL(/\/admin\/replays$/);
    await page.waitForSelector('#replays-table tr[data-id]');
    expect(await page.locator('#replays-table tr[data-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')))).toEqual(['worse', 'clean']);
    expect(await page.textContent('#replays-table tr[data-id="worse"]')).toMatch(/got worse/);
    await page.screenshot({ path: `${SHOTS}/replays.png` });

    await page.click('#replays-table tr[data-id="worse"] a');
    await page.waitForURL(/\/admin\/replays\/worse$/);
    await page.waitForSelector('#replay-differences li[data-kind]');
    expect(await page.textContent('#replay-tools-table tr[data-tool="todo_complete"]')).toMatch(/regression/);
    const difference = page.locator('#replay-differences li[data-kind="ok→error"]');
    expect(await difference.textContent()).toMatch(/MCP_FAULTS: injected error/);
    expect(await difference.locator('a:has-text("recorded tick")').getAttribute('href')).toBe('/admin/ticks/tick-anna-1#call-offline-1-2');
    await page.screenshot({ path: `${SHOTS}/replay.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
