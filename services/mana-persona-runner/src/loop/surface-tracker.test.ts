import { describe, expect, it } from 'vitest';
import { MAX_SURFACE_TOOLS } from '@mana/contracts';
import { createLogger, surfaceHashOf } from '@mana/core';
import type { McpTarget } from '../drivers/driver';
import { createSurfaceTracker, SURFACE_LIST_TTL_MS } from './surface-tracker';

const log = createLogger('surface-test', { level: 'silent' });
const target = (url: string): McpTarget => ({ url, headers: {} });
const signal = new AbortController().signal;
const tools = [
  { name: 'b_create', description: 'B.' },
  { name: 'a_list', description: 'A.', inputSchema: { type: 'object' } },
];

/** A tracker on a clock the test moves, with a listing that answers `answer()` and counts its calls per URL. */
function tracker(answer: () => Promise<unknown[]> = async () => tools) {
  let clock = new Date('2026-03-02T10:00:00Z');
  const calls: string[] = [];
  const surfaces = createSurfaceTracker({
    now: () => clock,
    log,
    timeoutMs: 1_000,
    listTools: (t) => {
      calls.push(t.url);
      return answer();
    },
  });
  return { surfaces, calls, advance: (ms: number) => (clock = new Date(clock.getTime() + ms)) };
}

describe('createSurfaceTracker', () => {
  it('hashes the listed tools into a storable surface, and sends each surface until a completion carrying it landed', () => {
    const { surfaces } = tracker();
    const surface = surfaces.surfaceOf([...tools, { name: 'c\u0000odd', description: 'x', _meta: { at: 1 } }])!;
    expect(surface.tools.at(-1)).toEqual({ name: 'codd', description: 'x' });
    expect(surface.hash).toBe(surfaceHashOf(surface.tools));
    expect(surfaces.unsent(surface)).toBe(surface);
    expect(surfaces.unsent(surface)).toBe(surface);
    surfaces.landed(surface.hash);
    expect(surfaces.unsent(surface)).toBeUndefined();
    expect(surfaces.unsent(undefined)).toBeUndefined();
  });

  it('gives no surface for a listing over the contract caps (it would cost the completion)', () => {
    const { surfaces } = tracker();
    expect(surfaces.surfaceOf(Array.from({ length: MAX_SURFACE_TOOLS + 1 }, (_, i) => ({ name: `t${i}` })))).toBeUndefined();
    expect(surfaces.surfaceOf([{ description: 'no name' }])).toBeUndefined();
  });

  it('lists a target once per TTL of the runner clock, per URL; a failed listing is not kept', async () => {
    let fail = false;
    const { surfaces, calls, advance } = tracker(async () => {
      if (fail) throw new Error('connection refused');
      return tools;
    });
    const [first, second] = await Promise.all([surfaces.list(target('http://a/mcp'), signal), surfaces.list(target('http://a/mcp'), signal)]);
    expect(first?.hash).toBe(surfaceHashOf(tools));
    expect(second).toEqual(first);
    await surfaces.list(target('http://b/mcp'), signal);
    advance(SURFACE_LIST_TTL_MS - 1);
    await surfaces.list(target('http://a/mcp'), signal);
    expect(calls).toEqual(['http://a/mcp', 'http://b/mcp']);
    advance(1);
    fail = true;
    expect(await surfaces.list(target('http://a/mcp'), signal)).toBeUndefined();
    fail = false;
    expect((await surfaces.list(target('http://a/mcp'), signal))?.hash).toBe(first?.hash);
    expect(calls).toEqual(['http://a/mcp', 'http://b/mcp', 'http://a/mcp', 'http://a/mcp']);
  });
});
