/** The verdict: which kinds make exit code 1, what --allow relaxes, and the cap on differences kept one by one. */
import { MAX_REPLAY_DIFFERENCES } from '@mana/contracts';
import { describe, expect, it } from 'vitest';
import { createTally } from './tally';

const at = { persona: 'persona.anna', detail: 'x' };

describe('the tally', () => {
  it('fails on ok→error, shape, surface and latency; not on error→ok, empty, unreplayable or diverged', () => {
    const quiet = createTally([]);
    for (const kind of ['error→ok', 'empty', 'unreplayable', 'diverged'] as const) quiet.difference({ kind, tool: 'todo_list', ...at });
    expect(quiet.summary()).toMatchObject({ exitCode: 0, totals: { differences: 4, regressions: 0, toolsChanged: 1 } });
    for (const kind of ['ok→error', 'shape', 'surface', 'latency'] as const) {
      const tally = createTally([]);
      tally.difference({ kind, tool: 'todo_list', ...at });
      expect(tally.summary().exitCode, kind).toBe(1);
    }
  });

  it('lets --allow relax a kind, per kind', () => {
    const tally = createTally(['latency', 'shape']);
    tally.difference({ kind: 'latency', tool: 'notes_search', ...at });
    tally.difference({ kind: 'shape', tool: 'notes_search', ...at });
    expect(tally.summary()).toMatchObject({ exitCode: 0, tools: [{ tool: 'notes_search', regression: false, differences: { latency: 1, shape: 1 } }] });
    tally.difference({ kind: 'ok→error', tool: 'todo_create', ...at });
    expect(tally.summary().tools.map((t) => [t.tool, t.regression])).toEqual([
      ['notes_search', false],
      ['todo_create', true],
    ]);
  });

  it('keeps the first differences one by one and counts the rest', () => {
    const tally = createTally([]);
    for (let i = 0; i < MAX_REPLAY_DIFFERENCES + 5; i++) tally.difference({ kind: 'empty', tool: 'todo_list', ...at });
    const summary = tally.summary();
    expect(summary.differences).toHaveLength(MAX_REPLAY_DIFFERENCES);
    expect(summary.differencesOmitted).toBe(5);
    expect(summary.byKind.empty).toBe(MAX_REPLAY_DIFFERENCES + 5);
  });

  it('judges latency per tool on the medians of its calls: one slow call is noise, a slower typical call is a regression', () => {
    const tally = createTally([], { ratio: 0.5, minMs: 50 });
    const call = (tool: string) => ({ tool, persona: 'persona.anna' });
    // notes_search: one call of five took 97 ms on a loaded machine; its median did not move.
    for (const ms of [2, 3, 97, 2, 3]) tally.timing(call('notes_search'), 2.5, ms);
    // todo_list: every call 200 ms slower.
    for (const ms of [1, 2, 3]) tally.timing(call('todo_list'), ms, ms + 200);
    // calendar_list_events: two calls only, not judged.
    for (const ms of [300, 400]) tally.timing(call('calendar_list_events'), 1, ms);
    const summary = tally.summary();
    expect(summary.exitCode).toBe(1);
    expect(summary.differences).toEqual([
      { tool: 'todo_list', persona: 'persona.anna', kind: 'latency', detail: 'median handler time 2.0 ms → 202 ms (+200 ms) over 3 calls', regression: true },
    ]);
    expect(summary.tools.map((t) => [t.tool, t.differences])).toEqual([['todo_list', { latency: 1 }]]);
  });
});
