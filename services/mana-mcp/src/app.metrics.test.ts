import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMcpConfig } from './config';
import { createMcpHarness, type McpHarness } from './testing/harness';

/** Issue 24 §4: `/metrics` was public on every port; METRICS_TOKEN makes it a bearer-token scrape. */
const TOKEN = 'mcp-scrape-secret-0123456789';
let h: McpHarness;

beforeAll(async () => {
  h = await createMcpHarness({ env: { METRICS_TOKEN: TOKEN } });
});
afterAll(async () => h?.close());

describe('GET /metrics with METRICS_TOKEN', () => {
  it('answers the bearer token only; without it 401 JSON', async () => {
    const url = `${h.server.url}/metrics`;
    const open = await fetch(url);
    expect(open.status).toBe(401);
    expect(await open.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const scrape = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain('mana_mcp_');
    expect((await fetch(`${h.server.url}/health`)).status).toBe(200);
  });

  it('reads METRICS_TOKEN once; a short token is refused at start', () => {
    expect(loadMcpConfig({ METRICS_TOKEN: TOKEN }).metricsToken).toBe(TOKEN);
    expect(loadMcpConfig({}).metricsToken).toBeUndefined();
    expect(() => loadMcpConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });
});
