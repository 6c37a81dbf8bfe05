import { beforeEach, describe, expect, it } from 'vitest';
import { report as reportContract } from '@mana/contracts';
import { usePersonaTestBed } from '@mana/persona-store/testing';
import { buildReport } from './build-report';
import { renderMarkdown } from './markdown';
import { todoNotesDay, writeTestHistory, type TodoNotesShape } from '../testing/test-history';

let clock = new Date('2026-03-15T00:00:00Z');
const until = new Date('2026-03-15T00:00:00Z');
const { deps } = usePersonaTestBed(() => clock);
beforeEach(() => {
  clock = until;
});

const history = (shape: (day: number) => TodoNotesShape, seed = 1) =>
  writeTestHistory(deps, (at) => (clock = at), { days: 14, personas: 12, until, seed, day: ({ day, random }) => todoNotesDay(random, shape(day)) });

const reportOf = async () => {
  clock = until;
  return reportContract.parse(await buildReport(deps, { query: { since: '7d', until: 'now' } }));
};

// Each test writes 14 days through the real verbs: minutes on a loaded 2-core machine, so no 60 s cap.
describe('buildReport', { timeout: 600_000 }, () => {
  it('names a tool that fails 35 % of calls from day 8 and the module whose rating dropped, with evidence', async () => {
    await history((day) => ({ failShare: day >= 8 ? 0.35 : 0.02 }));
    const report = await reportOf();
    expect(report.period).toEqual({ since: '2026-03-08T00:00:00.000Z', until: '2026-03-15T00:00:00.000Z' });
    expect(report.previous).toEqual({ since: '2026-03-01T00:00:00.000Z', until: '2026-03-08T00:00:00.000Z' });
    const keys = report.anomalies.map((a) => a.key);
    expect(keys).toContain('tool:todo_complete:errorRate');
    expect(keys.every((k) => k.includes('todo'))).toBe(true);
    const tool = report.anomalies.find((a) => a.key === 'tool:todo_complete:errorRate')!;
    expect(tool).toMatchObject({ kind: 'tool', module: 'todo', test: 'van-elteren', counts: { before: 84, after: 84 } });
    expect(tool.causedBy).toBeUndefined();
    expect(tool.personas!.tested).toBe(12);
    expect(tool.personas!.worse).toBeGreaterThanOrEqual(10);
    expect(tool.after).toBeGreaterThan(tool.before);
    expect(tool.qValue!).toBeLessThanOrEqual(0.05);
    expect(tool.qValue!).toBeGreaterThanOrEqual(tool.pValue!);
    expect(tool.summary).toMatch(/todo_complete \(todo\) failed .* of calls \(\d+ of 84\), up from .*\d+ of 12 personas saw more errors; van Elteren over each persona's days/);
    // The rating the errors brought down is shown as their consequence, not as a second cause.
    for (const other of report.anomalies.filter((a) => a.key !== tool.key)) expect(other.causedBy).toBe(tool.key);
    expect(report.population).toMatchObject({ before: 12, after: 12, both: 12, joinedCount: 0, leftCount: 0 });
    expect(report.simulators.changed).toBe(false);
    expect(report.notices).toEqual([]);
    const row = report.tools.find((t) => t.name === 'todo_complete')!;
    expect(row).toMatchObject({ calls: 84, prevCalls: 84, latencySource: 'handler' });
    expect(row.errors).toBe(tool.counts.afterErrors);
    const markdown = renderMarkdown(report);
    expect(markdown).toMatch(/^# 1 finding( \(and 1 consequence\))?\n/);
    expect(markdown).toContain('12 personas played in both periods');
    expect(markdown).toContain('| todo_complete | todo | 84 |');
    expect(report.complaints[0]).toMatchObject({ module: 'todo', text: expect.stringMatching(/^Completing a task failed \d times\.$/) });
    expect(report.complaints.filter((c) => c.module === 'todo')).toHaveLength(1);
  });

  it('finds nothing when the two periods come from the same process, and never counts parse errors as ratings', async () => {
    await history(() => ({}));
    const report = await reportOf();
    expect(report.anomalies).toEqual([]);
    // Latency, empty reads and ratings of each tool and module; an error rate only where something failed in the period.
    expect(report.settings.tested).toBeGreaterThan(5);
    const notes = report.modules.find((m) => m.name === 'notes')!;
    const [{ rated, parse }] = await deps.database.query<{ rated: number; parse: number }>(
      `select count(*) filter (where status = 'rated')::int as rated, count(*) filter (where status = 'parse_error')::int as parse
       from persona_feedback where module = 'notes' and created_at >= '2026-03-08T00:00:00Z'`,
    );
    expect(parse).toBeGreaterThan(0);
    expect(notes).toMatchObject({ ratings: rated, parseErrors: parse });
    expect(renderMarkdown(report)).toMatch(/^# No findings\n/);
  });

  it('judges latency on the handler time: a slower client (more runner concurrency) is no anomaly, a slower app is', async () => {
    await history((day) => ({ clientMs: day >= 8 ? 400 : 8, searchHandlerMs: day >= 8 ? 300 : 3 }));
    const report = await reportOf();
    expect(report.anomalies.map((a) => a.key)).toEqual(['tool:notes_search:latency']);
    const [slow] = report.anomalies;
    expect(slow).toMatchObject({ metric: 'latency', test: 'van-elteren', module: 'notes', personas: { tested: 12, worse: 12 } });
    expect(slow.after).toBeGreaterThan(200);
    expect(slow.before).toBeLessThan(5);
    const create = report.tools.find((t) => t.name === 'notes_create')!;
    expect(create.latencySource).toBe('handler');
    expect(create.p50Ms).toBeLessThan(5);
  });

  it('names a read tool that silently started returning nothing (no error, no slowness)', async () => {
    await history((day) => ({ searchEmptyShare: day >= 8 ? 0.9 : 0.1 }));
    const report = await reportOf();
    expect(report.anomalies.map((a) => a.key)).toEqual(['tool:notes_search:emptyRate']);
    const [empty] = report.anomalies;
    expect(empty).toMatchObject({ kind: 'tool', module: 'notes', test: 'van-elteren', counts: { before: 84, after: 84 }, personas: { tested: 12 } });
    expect(empty.after).toBeGreaterThan(0.7);
    expect(empty.summary).toMatch(/^Tool notes_search \(notes\) returned nothing for .* of successful reads \(\d+ of 84\), up from/);
    const search = report.tools.find((t) => t.name === 'notes_search')!;
    expect(search).toMatchObject({ reads: 84, prevReads: 84, emptyRate: empty.after, errors: 0 });
    expect(report.tools.find((t) => t.name === 'notes_create')).toMatchObject({ reads: 0, emptyRate: null });
    expect(renderMarkdown(report)).toContain('returned nothing for');
  });

  it('keeps a fault on an untouched tool as a lead of its own when it holds among the personas that never met the first one', async () => {
    // Personas 0-8 of 16 meet a failing todo_complete from day 8; every persona meets an empty notes_search.
    await writeTestHistory(deps, (at) => (clock = at), {
      days: 14,
      personas: 16,
      until,
      seed: 3,
      day: ({ day, persona, random }) => todoNotesDay(random, { failShare: day >= 8 && persona < 9 ? 0.6 : 0, searchEmptyShare: day >= 8 ? 0.95 : 0.05 }),
    });
    const report = await reportOf();
    const failing = report.anomalies.find((a) => a.key === 'tool:todo_complete:errorRate')!;
    const empty = report.anomalies.find((a) => a.key === 'tool:notes_search:emptyRate')!;
    expect(failing.causedBy).toBeUndefined();
    expect(empty.causedBy).toBeUndefined();
    expect(failing.personas).toEqual({ tested: 16, worse: 9 });
    const rating = report.anomalies.find((a) => a.key === 'module:todo:rating');
    if (rating) expect(rating.causedBy).toBe(failing.key);
    expect(renderMarkdown(report)).toMatch(/^# 2 findings/);
  });

  it('compares like with like: a new simulator that rates a star lower raises no finding and is announced first', async () => {
    await writeTestHistory(deps, (at) => (clock = at), {
      days: 14,
      personas: 12,
      until,
      seed: 4,
      day: ({ day, random }) => {
        const planned = todoNotesDay(random, {});
        if (day < 8) return planned;
        return { ...planned, ratings: planned.ratings.map((r) => (r.rating ? { ...r, rating: Math.max(1, r.rating - 2) } : r)) };
      },
      driver: (day) => (day >= 8 ? 'test-harsher' : 'test'),
    });
    const report = await reportOf();
    expect(report.anomalies).toEqual([]);
    expect(report.modules.find((m) => m.name === 'todo')!.change!).toBeLessThan(-1);
    expect(report.simulators).toMatchObject({ changed: true, before: [{ driver: 'test' }], after: [{ driver: 'test-harsher' }] });
    expect(report.notices.map((n) => n.key)).toEqual(['simulator:legacy:test/→legacy:test-harsher/:simulator']);
    expect(renderMarkdown(report)).toMatch(/^> \*\*Simulator changed\.\*\* The simulator changed on 2026-03-08: driver test → test-harsher\./);
  });

  it('refuses a period that ends before it starts', async () => {
    await expect(buildReport(deps, { query: { since: '2026-03-20T00:00:00Z', until: '2026-03-10T00:00:00Z' } })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
