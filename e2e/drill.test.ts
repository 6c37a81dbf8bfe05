/**
 * The regression drill on the test database (PGlite, or PostgreSQL with
 * DATABASE_URL), through the real `simulate()` and the real report verb — the
 * small version of `bench/drill-false-alarms.ts` that CI runs on both
 * databases (issue 21 §4). 14 simulated days each:
 *
 * - three faults from day 8 (a tool failing 35 % of calls, a slow tool, a tool
 *   returning nothing) are each named among the findings, with their module;
 * - the same population without faults, and the catalogue `npm start` seeds
 *   (three seeds, each history ending on its own day and hour), raise nothing;
 * - the simulator changing on day 8 (the offline variant policy: a star lower,
 *   calls in another order) raises no product finding and is announced.
 *
 * Each simulation runs once and serves all of its assertions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@mana/contracts';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { renderMarkdown } from '@mana/insights';
import { DRILL_FAULTS, DRILL_SIMULATOR_CHANGE, DRILL_UNTIL, drillUntilOf, EXPECTED_FINDINGS, runDrill, type DrillOptions } from './drill';

const SEED = 8;
/** The catalogue's clean runs: the drill's seed at the drill's end, and two more seeds on their own calendars (as the benchmark moves them). */
const CATALOGUE_RUNS = [{ seed: SEED, until: DRILL_UNTIL }, ...[21, 34].map((seed) => ({ seed, until: drillUntilOf(seed) }))];
const databases: TestDatabase[] = [];
let faulty: Report;
let clean: Report;
let catalogue: Report[];
let changed: Report;

async function drill(options: Omit<DrillOptions, 'database'>): Promise<Report> {
  const database = await createTestDatabase();
  databases.push(database);
  return (await runDrill({ database, ...options })).report;
}

beforeAll(async () => {
  faulty = await drill({ seed: SEED, faults: DRILL_FAULTS });
  clean = await drill({ seed: SEED });
  catalogue = [];
  for (const run of CATALOGUE_RUNS) catalogue.push(await drill({ ...run, population: 'catalogue' }));
  changed = await drill({ seed: SEED, simulatorChange: DRILL_SIMULATOR_CHANGE });
}, 3_600_000); // a hang guard: six simulations take minutes on a loaded 2-core machine
afterAll(async () => {
  for (const database of databases) await database.close();
});

const anomaly = (key: string) => faulty.anomalies.find((a) => a.key === key);

describe('regression drill: 14 simulated days, faults from day 8', () => {
  it('names the tool failing 35 % of calls as the lead finding, with the evidence in numbers and personas', () => {
    const failing = anomaly('tool:todo_list:errorRate');
    expect(failing).toMatchObject({ kind: 'tool', name: 'todo_list', module: 'todo', test: 'van-elteren', before: 0 });
    expect(failing!.causedBy).toBeUndefined();
    expect(failing!.after).toBeGreaterThan(0.2);
    expect(failing!.after).toBeLessThan(0.5);
    // The calls of the personas compared (those that called todo_list in both weeks), not all calls.
    expect(failing!.counts.after).toBeGreaterThanOrEqual(20);
    expect(failing!.counts.after).toBeLessThanOrEqual(faulty.tools.find((t) => t.name === 'todo_list')!.calls);
    expect(failing!.qValue).toBeLessThanOrEqual(0.05);
    expect(failing!.personas!.worse).toBeGreaterThanOrEqual(failing!.personas!.tested / 2);
    expect(failing!.summary).toMatch(/^Tool todo_list \(todo\) failed \d+\.\d % of calls .*\(\d+ of \d+ personas saw more errors; van Elteren/);
  });

  it("flags the slow tool on the app's own handler time and the tool that silently returns nothing", () => {
    const slow = anomaly('tool:notes_search:latency');
    expect(slow).toMatchObject({ module: 'notes', test: 'van-elteren' });
    expect(slow!.after).toBeGreaterThanOrEqual(200);
    expect(faulty.tools.find((t) => t.name === 'notes_search')).toMatchObject({ latencySource: 'handler', errors: 0 });
    const empty = anomaly('tool:calendar_list_events:emptyRate');
    expect(empty).toMatchObject({ module: 'calendar', test: 'van-elteren', after: 1 });
    expect(faulty.tools.find((t) => t.name === 'calendar_list_events')).toMatchObject({ errors: 0, emptyRate: 1 });
  });

  it('flags nothing that was not broken, and a consequence always names a lead of the same run', () => {
    const broken = new Set<string>([...EXPECTED_FINDINGS.map((f) => f.key), ...EXPECTED_FINDINGS.map((f) => `module:${f.module}:rating`)]);
    expect(faulty.anomalies.map((a) => a.key).filter((key) => !broken.has(key))).toEqual([]);
    for (const { key, module } of EXPECTED_FINDINGS) expect(anomaly(key)?.module).toBe(module);
    const leads = new Set(faulty.anomalies.filter((a) => !a.causedBy).map((a) => a.key));
    for (const a of faulty.anomalies.filter((x) => x.causedBy)) expect(leads.has(a.causedBy!)).toBe(true);
  });

  it('reports no finding for the same simulation without faults, nor for the catalogue population on three calendars', () => {
    for (const report of [clean, ...catalogue]) {
      expect(report.anomalies).toEqual([]);
      expect(report.notices).toEqual([]);
      expect(report.settings.tested).toBeGreaterThan(20);
      expect(report.tools.every((t) => t.errors === 0)).toBe(true);
      expect(report.population.both).toBe(report.population.after);
    }
    expect(clean.population).toMatchObject({ before: 16, after: 16, both: 16 });
    for (const report of catalogue) expect(report.population).toMatchObject({ before: 12, after: 12, both: 12 });
  });

  it('announces a simulator change and raises no product finding for it', () => {
    expect(changed.anomalies).toEqual([]);
    expect(changed.simulators.changed).toBe(true);
    expect(changed.simulators.note).toMatch(/^The simulator changed on \d{4}-\d{2}-\d{2}: offline policy offline-v\d+ → offline-v\d+-variant\./);
    expect(changed.notices).toHaveLength(1);
    expect(changed.notices[0]).toMatchObject({ kind: 'simulator', test: 'fingerprint', pValue: null });
    expect(renderMarkdown(changed)).toMatch(/^> \*\*Simulator changed\.\*\* The simulator changed on/);
    // The ratings are a star lower under the variant: compared across simulators, every module would look worse.
    expect(changed.modules.filter((m) => m.change !== null && m.change <= -0.5).length).toBeGreaterThan(2);
  });
});
