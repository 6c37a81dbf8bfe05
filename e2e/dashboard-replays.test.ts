/**
 * The dashboard's replay pages in headless Chromium: two stored replay runs
 * (one clean, one with an `ok→error` difference) listed newest first from the
 * nav, and the run's page with its per-tool table and the difference linked to
 * the recorded tick at that call. Screenshots go to .tmp/screenshots. Skipped, with the reason printed, where
 * Chromium is not installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '@mana/auth';
import { createAuthHarness, serveOnLoopback, type AuthHarness, type LoopbackServer } from '@mana/auth/testing';
import { ensureDashboardBuilt } from '@mana/dashboard/build';
import { storeReplayRun } from '@mana/replay/runs';
import { regressedReplayResultFixture, replayResultFixture } from '@mana/replay/testing';
import type { Browser } from 'playwright-core';
import { chromiumPath, launchChromium, openPage, reportMissingChromium, SCREENSHOTS as SHOTS, signIn } from './chromium';

const chromium = chromiumPath();
if (!chromium) reportMissingChromium();

const ADMIN = { email: 'replays@mana.test', password: 'replay-runs-dashboard' };

describe.skipIf(!chromium)('replay runs in the dashboard', () => {
  let h: AuthHarness;
  let server: LoopbackServer;
  let browser: Browser;

  beforeAll(async () => {
    await ensureDashboardBuilt();
    h = await createAuthHarness();
    server = await serveOnLoopback(h.app);
    await createAdmin(h.ctx, ADMIN);
    await storeReplayRun(h.database, replayResultFixture('clean', '2026-03-14T10:00:00.000Z'));
    await storeReplayRun(h.database, regressedReplayResultFixture('worse', '2026-03-15T10:00:00.000Z'));
    browser = await launchChromium(chromium);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await h?.close();
  });

  it('lists the runs from the nav and shows a run with its difference linked to the recorded tick', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${server.url}/admin`);
    await signIn(page, ADMIN);
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
