/**
 * The admin dashboard in headless Chromium (Debian `chromium` + playwright-core)
 * over a month of history written through mana-auth's internal API: sign-in,
 * every page with data, charts drawn with points, the overview -> module ->
 * tool -> persona -> tick path and back, a phone viewport. Screenshots are kept
 * in .tmp/screenshots (gitignored). Skipped, with the reason printed, where
 * Chromium is not installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, upsertPersona } from '@mana/auth';
import { ensureDashboardBuilt } from '@mana/dashboard/build';
import { createAuthHarness, serveOnLoopback, type AuthHarness, type LoopbackServer } from '@mana/auth/testing';
import { buildReport } from '@mana/insights';
import { loadCatalog } from '@mana/personas-scripts';
import { manaRegistry } from '@mana/tools';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, launchChromium, openPage, reportMissingChromium, SCREENSHOTS as SHOTS, signIn as signInAs } from './chromium';
import { writeHistory } from './dashboard-history';

const chromium = chromiumPath();
if (!chromium) reportMissingChromium();

const ADMIN = { email: 'ops@mana.test', password: 'monday-morning-dashboard' };
const DAYS = 30;

describe.skipIf(!chromium)('admin dashboard in Chromium', () => {
  const realNow = new Date();
  let clock = realNow;
  let h: AuthHarness;
  let server: LoopbackServer;
  let browser: Browser;
  let url: string;
  const catalogue = loadCatalog(manaRegistry);

  beforeAll(async () => {
    await ensureDashboardBuilt();
    h = await createAuthHarness({ now: () => clock });
    server = await serveOnLoopback(h.app);
    url = server.url;
    clock = new Date(realNow.getTime() - DAYS * 86_400_000 - 86_400_000);
    for (const persona of catalogue) await upsertPersona(h.ctx, persona);
    const history = await writeHistory({ url, serviceKey: h.config.serviceKey, registry: manaRegistry, setClock: (at) => (clock = at), days: DAYS, end: realNow });
    expect(history.ticks).toBeGreaterThan(DAYS * 5);
    // Back to the wall clock: Better Auth checks the admin's JWT against it.
    clock = realNow;
    await createAdmin(h.ctx, ADMIN);
    await h.signUp('human.viewer@mana.test', 'just-a-human-password');
    browser = await launchChromium(chromium);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await h?.close();
  });

  /** A page that fails the test on a CSP violation or an uncaught error. */
  const open = (viewport?: { width: number; height: number }, isMobile?: boolean) => openPage(browser, viewport, isMobile);
  const signIn = (page: Page, email = ADMIN.email, password = ADMIN.password) => signInAs(page, { email, password });

  /** Points a chart reports and whether its canvas has drawn pixels. */
  async function chart(page: Page, panel: string): Promise<{ points: number; inked: number }> {
    const box = page.locator(`${panel} .chart`);
    await box.locator('canvas').waitFor();
    const points = Number(await box.getAttribute('data-points'));
    // Runs in the page: counts pixels the chart has drawn (an empty canvas has none).
    const inked = await box.locator('canvas').evaluate((canvas) => {
      const c = canvas as unknown as {
        width: number;
        height: number;
        getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
      };
      const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return n;
    });
    return { points, inked };
  }

  it('signs in an admin; a wrong password and a non-admin are told why', async () => {
    const { page, problems } = await open();
    const res = await page.goto(`${url}/admin`);
    expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await signIn(page, ADMIN.email, 'wrong-password');
    await expect.poll(() => page.textContent('#login-error'), { timeout: 180_000 }).toMatch(/invalid/i);
    await signIn(page, 'human.viewer@mana.test', 'just-a-human-password');
    await expect.poll(() => page.textContent('#login-error'), { timeout: 180_000 }).toMatch(/not an admin/i);
    await signIn(page);
    await page.waitForSelector('#kpis .kpi');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('walks overview -> module -> tool -> persona -> tick with charts drawn, and back', async () => {
    const { page, problems } = await open();
    await page.goto(`${url}/admin`);
    await signIn(page);

    // Overview: window figures, ratings over time per module, tool health over time.
    await page.waitForSelector('#modules tr[data-module]');
    const week = await chart(page, '#ratings-chart');
    expect(week.points).toBeGreaterThan(7);
    expect(week.inked).toBeGreaterThan(500);
    expect((await chart(page, '#errors-chart')).points).toBeGreaterThan(0);
    expect((await chart(page, '#latency-chart')).points).toBeGreaterThan(0);
    // The report's findings API is there: the panel comes first and says that nothing is open (no report run stored one).
    await expect.poll(() => page.textContent('#findings'), { timeout: 30_000 }).toMatch(/No open findings/);
    await page.selectOption('#window', '30');
    await page.waitForURL(/\/admin\?days=30$/);
    await expect.poll(async () => (await chart(page, '#ratings-chart')).points, { timeout: 180_000 }).toBeGreaterThan(week.points);
    await page.screenshot({ path: `${SHOTS}/overview.png` });

    // The worst-rated module (listed first) and its page.
    const module = await page.locator('#modules tr[data-module]').first().getAttribute('data-module');
    await page.click(`#modules tr[data-module="${module}"] a`);
    await page.waitForURL(new RegExp(`/admin/modules/${module}\\?days=30$`));
    await page.waitForSelector('#module-notes li');
    expect((await chart(page, '#module-chart')).points).toBeGreaterThan(10);
    expect(await page.locator('#module-notes li').first().textContent()).toMatch(/^[12]\/5/);
    await page.screenshot({ path: `${SHOTS}/module.png` });

    // Its most failing tool.
    const tool = await page.locator('#module-tools-table tr[data-tool]').first().getAttribute('data-tool');
    await page.click(`#module-tools-table tr[data-tool="${tool}"] td:first-child a`);
    await page.waitForURL(new RegExp(`/admin/tools/${tool}\\?days=30$`));
    expect((await chart(page, '#tool-calls-chart')).points).toBeGreaterThan(10);
    expect((await chart(page, '#tool-latency-chart')).points).toBeGreaterThan(0);
    await page.waitForSelector('#tool-errors tbody tr');
    await page.screenshot({ path: `${SHOTS}/tool.png` });

    // The persona of its latest error.
    await page.click('#tool-errors tbody tr:first-child td:nth-child(2) a');
    await page.waitForURL(/\/admin\/personas\/[^/?]+\?days=30$/);
    await page.waitForSelector('#persona-ticks-table tr[data-tick]');
    expect((await chart(page, '#persona-chart')).points).toBeGreaterThan(3);
    const personaId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const [{ system_prompt: prompt }] = await h.database.query<{ system_prompt: string }>('select system_prompt from personas where user_id = $1', [personaId]);
    expect(await page.textContent('#persona-prompt pre')).toBe(prompt);
    await page.screenshot({ path: `${SHOTS}/persona.png` });

    // Its latest tick: the timeline shows exactly that tick's calls.
    const tickId = (await page.locator('#persona-ticks-table tr[data-tick]').first().getAttribute('data-tick'))!;
    await page.click(`#persona-ticks-table tr[data-tick="${tickId}"] a`);
    await page.waitForURL(new RegExp(`/admin/ticks/${encodeURIComponent(tickId)}`));
    await page.waitForSelector('#timeline [data-call]');
    const shown = await page.locator('#timeline [data-call]').evaluateAll((els) => els.map((el) => el.getAttribute('data-call')).sort());
    const stored = await h.database.query<{ call_id: string }>('select call_id from persona_actions where tick_id = $1 order by call_id', [tickId]);
    expect(shown).toEqual(stored.map((row) => row.call_id));
    const [{ n: failed }] = await h.database.query<{ n: number }>(`select count(*)::int as n from persona_actions where tick_id = $1 and result = 'error'`, [tickId]);
    expect(await page.locator('#timeline .entry.call.error').count()).toBe(Number(failed));
    expect(await page.locator('#timeline .entry.message').count()).toBeGreaterThan(0);
    expect(await page.locator('#tick-ratings li').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/tick.png`, fullPage: true });
    // A rating links to the calls that ground it.
    const ground = page.locator('#tick-ratings a.ground').first();
    const target = (await ground.getAttribute('href'))!;
    await ground.click();
    await page.waitForURL((u) => u.hash === target);
    expect(await page.locator(`${target}`).count()).toBe(1);
    await page.goBack();
    await page.waitForURL((u) => u.hash === '' && u.pathname.includes('/admin/ticks/'));

    // Back through the same pages.
    for (const expected of [/\/admin\/personas\//, /\/admin\/tools\//, /\/admin\/modules\//, /\/admin\?days=30$/]) {
      await page.goBack();
      await page.waitForURL(expected);
    }
    await page.waitForSelector('#modules tr[data-module]');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('lists, searches and pages personas; tools show the change against the previous period', async () => {
    const { page, problems } = await open();
    await page.goto(`${url}/admin/personas`);
    await signIn(page);
    await page.waitForSelector('#personas-table tr[data-id]');
    expect(await page.locator('#personas-table tr[data-id]').count()).toBe(Math.min(catalogue.length, 25));
    await page.fill('#persona-search', catalogue[0].name);
    await page.waitForURL(/q=/);
    await expect.poll(() => page.locator('#personas-table tr[data-id]').count(), { timeout: 180_000 }).toBeLessThan(catalogue.length);
    expect(await page.textContent('#personas-table')).toContain(catalogue[0].name);

    await page.click('nav a:has-text("Tools")');
    await page.waitForURL(/\/admin\/tools/);
    await page.waitForSelector('#tools-table tr[data-tool]');
    expect(await page.locator('#tools-table .delta').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/tools.png` });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("tells the report's story: red only where the report flags, latency on the app's handler time, readable axes and legends", async () => {
    const { page, problems } = await open();
    // The page's own window (its two instants): a report of "7d" taken seconds later could lose a tick at the window's start.
    const windowOfPage = (path: string) =>
      page
        .waitForResponse((res) => new URL(res.url()).pathname === path && res.ok())
        .then(async (res) => {
          const since = new Date(((await res.json()) as { since: string }).since);
          const days = Number(new URL(res.url()).searchParams.get('days'));
          return { since: since.toISOString(), until: new Date(since.getTime() + days * 86_400_000).toISOString() };
        });
    const reportOf = (window: { since: string; until: string }) => buildReport({ database: h.database, now: () => new Date() }, { query: window });
    const toolsWindow = windowOfPage('/api/v1/admin/tools');
    await page.goto(`${url}/admin/tools?days=7`);
    await signIn(page);
    await page.waitForSelector('#tools-table tr[data-tool]');
    const report = await reportOf(await toolsWindow);
    const flaggedOf = (kind: 'tool' | 'module') => {
      const map = new Map<string, string[]>();
      for (const a of report.anomalies.filter((a) => a.kind === kind)) map.set(a.name, [...(map.get(a.name) ?? []), a.metric].sort());
      return map;
    };
    const [flaggedTools, flaggedModules] = [flaggedOf('tool'), flaggedOf('module')];
    // The planted fault (the first module failing 45 % of calls this week, 6 % the week before) is flagged.
    expect(flaggedTools.size + flaggedModules.size).toBeGreaterThan(0);
    const rows = await page.locator('#tools-table tr[data-tool]').evaluateAll((trs) =>
      trs.map((tr) => ({
        tool: tr.getAttribute('data-tool')!,
        flagged: tr.getAttribute('data-flagged')!,
        red: tr.querySelectorAll('.delta.bad').length,
        plain: tr.querySelectorAll('.delta.plain').length,
        p50: tr.querySelector('td:nth-child(5)')!.textContent!,
      })),
    );
    for (const row of rows) {
      expect(row.flagged.split(' ').filter(Boolean).sort(), row.tool).toEqual(flaggedTools.get(row.tool) ?? []);
      // Red exactly where the report flags (each flagged metric draws one red change), plain elsewhere.
      expect(row.red, row.tool).toBe(row.flagged.split(' ').filter(Boolean).length);
      // The client's latency doubled this week, the app's did not: latency is the app's, never flagged, the client's beside it.
      expect(row.flagged).not.toContain('latency');
      expect(row.p50).toMatch(/^app \d+\.\d ms.*client \d+ ms/);
    }
    expect(rows.reduce((n, r) => n + r.plain, 0)).toBeGreaterThan(rows.length);
    await page.screenshot({ path: `${SHOTS}/tools-flagged.png` });

    // Modules: the rating and errors are red only where the report flags the module or one of its tools.
    const modulesWindow = windowOfPage('/api/v1/admin/overview');
    await page.click('nav a:has-text("Modules")');
    await page.waitForSelector('#modules tr[data-module]');
    const moduleReport = await reportOf(await modulesWindow);
    const modules = await page
      .locator('#modules tr[data-module]')
      .evaluateAll((trs) => trs.map((tr) => ({ module: tr.getAttribute('data-module')!, flagged: tr.getAttribute('data-flagged')!, red: tr.querySelectorAll('.bad').length })));
    for (const m of modules) {
      const expected = new Set<string>();
      for (const a of moduleReport.anomalies)
        if ((a.kind === 'module' && a.name === m.module) || (a.kind === 'tool' && moduleReport.tools.find((t) => t.name === a.name)?.module === m.module)) expected.add(a.metric);
      expect(m.flagged.split(' ').filter(Boolean).sort(), m.module).toEqual([...expected].sort());
      expect(m.red, m.module).toBe(['rating', 'errorRate'].filter((x) => expected.has(x)).length);
    }

    // Overview: the error-rate axis reads in percent up to a little above the highest day; the legend shows the latest day, not "Time: –".
    await page.goto(`${url}/admin?days=30`);
    await page.waitForSelector('#errors-chart canvas');
    const labels = async () => ((await page.getAttribute('#errors-chart .chart', 'data-y-labels')) ?? '').split('|');
    await expect.poll(labels, { timeout: 60_000 }).not.toEqual(['']);
    const shares = (await labels()).map((l) => {
      expect(l).toMatch(/^\d+(\.\d)?%$/);
      return Number.parseFloat(l);
    });
    expect(Math.max(...shares)).toBeLessThanOrEqual(100);
    const legend = (await page.textContent('#errors-chart .u-legend'))!;
    expect(legend).toMatch(/Day\s*\d{4}-\d{2}-\d{2} \(latest\)/);
    expect(legend).toMatch(/error rate\s*\d+\.\d%/);
    expect(legend).not.toMatch(/Time/i);
    expect(await page.textContent('#latency-chart')).toMatch(/app handler time/);
    expect((await chart(page, '#latency-chart-client')).points).toBeGreaterThan(0);

    // A window without a failed call: uPlot would stretch the flat line to 0-100, i.e. "10000%"; the axis stays at 0-5 %.
    await page.route(
      (u) => u.pathname === '/api/v1/admin/series',
      async (route) => {
        const body = await (await route.fetch()).json();
        for (const point of body.tools) point.errorRate = point.calls ? 0 : null;
        await route.fulfill({ json: body });
      },
    );
    await page.goto(`${url}/admin?days=7`);
    await page.waitForSelector('#errors-chart canvas');
    await expect.poll(labels, { timeout: 60_000 }).toContain('0%');
    expect(Math.max(...(await labels()).map((l) => Number.parseFloat(l)))).toBeLessThanOrEqual(6);
    await page.screenshot({ path: `${SHOTS}/overview-no-errors.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('keeps its session past the 15-minute JWT (renewed ahead, and once more after a 401) and says so when the login ended', async () => {
    const { page, problems } = await open();
    await page.clock.install();
    await page.goto(`${url}/admin/modules`);
    await signIn(page);
    await page.waitForSelector('#modules tr[data-module]');
    const refreshes: number[] = [];
    page.on('response', (res) => {
      if (res.url().endsWith('/api/v1/auth/refresh')) refreshes.push(res.status());
    });

    // A minute before the JWT expires (by the page's clock) the page renews it; later pages load with the new one.
    await page.clock.fastForward('14:30');
    await expect.poll(() => refreshes, { timeout: 60_000 }).toEqual([200]);
    await page.click('nav a:has-text("Tools")');
    await page.waitForSelector('#tools-table tr[data-tool]');

    // A JWT refused early (a laptop that slept through the renewal): one renewal, the call again, the page loads.
    let refused = 0;
    await page.route(
      (u) => u.pathname === '/api/v1/admin/personas',
      (route) =>
        refused++ === 0
          ? route.fulfill({ status: 401, contentType: 'application/json', body: '{"error":{"code":"UNAUTHORIZED","message":"Invalid or expired credentials"}}' })
          : route.continue(),
    );
    await page.click('nav a:has-text("Personas")');
    await page.waitForSelector('#personas-table tr[data-id]');
    expect(refused).toBe(2);
    expect(refreshes).toEqual([200, 200]);

    // The login is revoked (its session rows deleted): the next renewal is refused and the sign-in page says why.
    await h.database.query('delete from sessions where user_id = (select id from users where email = $1)', [ADMIN.email]);
    await page.clock.fastForward('15:00');
    await expect.poll(() => page.textContent('#login-error'), { timeout: 60_000 }).toMatch(/expired or was revoked/);
    expect(refreshes.at(-1)).toBe(401);
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    // Signing in again carries on where the page was.
    await signIn(page);
    await page.waitForSelector('#personas-table tr[data-id]');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('fits a phone: no sideways scrolling of the page, charts drawn', async () => {
    const { page, problems } = await open({ width: 390, height: 844 }, true);
    await page.goto(`${url}/admin?days=30`);
    await signIn(page);
    await page.waitForSelector('#modules tr[data-module]');
    expect((await chart(page, '#ratings-chart')).points).toBeGreaterThan(0);
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(Number(overflow)).toBeLessThanOrEqual(1);
    await page.screenshot({ path: `${SHOTS}/overview-phone.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
