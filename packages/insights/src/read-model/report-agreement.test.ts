import { beforeEach, describe, expect, it } from 'vitest';
import { adminModuleDetail, adminOverview, adminSeries, adminToolDetail, adminToolList } from '@mana/contracts';
import { usePersonaTestBed } from '@mana/persona-store/testing';
import { todoNotesDay, writeTestHistory } from '../testing/test-history';
import { adminModuleDetailFor } from './module-detail';
import { adminOverviewFor } from './overview';
import { adminSeriesFor } from './series';
import { adminToolDetailFor } from './tool-detail';
import { adminToolListFor } from './tool-list';

const until = new Date('2026-03-15T00:00:00Z');
let clock = until;
const { deps } = usePersonaTestBed(() => clock);
beforeEach(() => {
  clock = until;
});

/**
 * Two weeks of 12 personas. From day 8: todo_complete fails 35 % of calls (the
 * planted fault), the client-measured latency of every call doubles (a heavier
 * simulation) while the app's handler time stays put, and todo_list fails twice
 * where it never failed (a small change below the report's minimum effect).
 */
const history = () =>
  writeTestHistory(deps, (at) => (clock = at), {
    days: 14,
    personas: 12,
    until,
    seed: 5,
    day: ({ day, persona, random }) => {
      const planned = todoNotesDay(random, { failShare: day >= 8 ? 0.35 : 0.02, clientMs: day >= 8 ? 80 : 40 });
      if (persona === 0 && (day === 9 || day === 11)) {
        planned.calls = planned.calls.map((call) => (call.toolName === 'todo_list' ? { ...call, result: 'error', errorMessage: 'todo_list timed out' } : call));
      }
      return planned;
    },
  });

// The history is written through the real verbs: minutes on a loaded 2-core machine, so no 60 s cap.
describe("the dashboard tells the report's story", { timeout: 600_000 }, () => {
  it('judges latency on the handler time and marks as worse only what the report flags', async () => {
    await history();
    clock = until;
    const list = adminToolList.parse(await adminToolListFor(deps, { days: 7 }));
    const tool = (name: string) => list.tools.find((t) => t.toolName === name)!;

    // The planted fault: flagged, so the dashboard may colour it.
    expect(tool('todo_complete').flagged).toEqual(['errorRate']);
    expect(tool('todo_complete').errorRate!).toBeGreaterThan(tool('todo_complete').previous.errorRate! + 0.1);

    // The client's latency doubled, the app's did not: the figure the arrows use stays flat and nothing is flagged.
    for (const t of list.tools) {
      expect(t.latencySource).toBe('handler');
      expect(t.flagged).not.toContain('latency');
      expect(t.p50ClientMs!).toBeGreaterThan(t.previous.p50ClientMs! * 1.6);
      expect(t.p50LatencyMs!).toBeLessThan(t.previous.p50LatencyMs! * 1.3);
      expect(t.p50LatencyMs!).toBeLessThan(t.p50ClientMs! / 10);
    }

    // A small change is shown with its counts, but not flagged.
    expect(tool('todo_list')).toMatchObject({ errors: 2, previous: { errors: 0 }, flagged: [] });
    expect(tool('notes_search')).toMatchObject({ reads: 84, previous: { reads: 84 } });
    expect(tool('notes_search').empties).toBeGreaterThan(0);
    expect(list.tools.filter((t) => t.flagged.length > 0).map((t) => t.toolName)).toEqual(['todo_complete']);

    // Every surface carries the same flags and the same latency source.
    const detail = adminToolDetail.parse(await adminToolDetailFor(deps, { toolName: 'todo_complete', days: 7 }));
    expect(detail.tool).toEqual(tool('todo_complete'));
    const filled = detail.series.filter((p) => p.calls > 0);
    expect(filled.every((p) => p.p50LatencyMs! < p.p50ClientMs! / 10)).toBe(true);
    const series = adminSeries.parse(await adminSeriesFor(deps, { days: 7 }));
    expect(series.latencySource).toBe('handler');
    const todo = adminModuleDetail.parse(await adminModuleDetailFor(deps, { module: 'todo', days: 7 }));
    expect(todo.flagged).toEqual(['rating']);
    expect(todo.tools.find((t) => t.toolName === 'todo_complete')!.flagged).toEqual(['errorRate']);
    expect(adminModuleDetail.parse(await adminModuleDetailFor(deps, { module: 'notes', days: 7 })).flagged).toEqual([]);
    const overview = adminOverview.parse(await adminOverviewFor(deps, { days: 7 }));
    expect(overview.modules.find((m) => m.module === 'todo')!.flagged.sort()).toEqual(['errorRate', 'rating']);
    expect(overview.modules.find((m) => m.module === 'notes')!.flagged).toEqual([]);
    const complete = overview.tools.find((t) => t.toolName === 'todo_complete')!;
    expect(complete).toMatchObject({ latencySource: 'handler', flagged: ['errorRate'] });
    expect(complete.p50LatencyMs!).toBeLessThan(complete.p50ClientMs! / 10);
  });
});
