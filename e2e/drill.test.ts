/**
 * The regression drill on the test database (PGlite, or PostgreSQL with
 * DATABASE_URL), through the real `simulate()` and the real report verb: 14
 * days of a small population with three faults from day 8 — a tool failing
 * 35 % of calls, a slow tool, a tool returning empty results — must each be
 * named among the anomalies of the last 7 days, with its module; the same
 * simulation without faults must report none. Each simulation runs once and
 * serves all of its assertions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@mana/contracts';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { DRILL_FAULTS, EXPECTED_FINDINGS, runDrill } from './drill';

const SEED = 8;
const databases: TestDatabase[] = [];
let faulty: Report;
let clean: Report;

beforeAll(async () => {
  const faultyDb = await createTestDatabase();
  databases.push(faultyDb);
  ({ report: faulty } = await runDrill({ database: faultyDb, seed: SEED, faults: DRILL_FAULTS }));
  const cleanDb = await createTestDatabase();
  databases.push(cleanDb);
  ({ report: clean } = await runDrill({ database: cleanDb, seed: SEED }));
}, 1_800_000); // a hang guard: two simulations take minutes on a loaded 2-core machine
afterAll(async () => {
  for (const database of databases) await database.close();
});

const anomaly = (key: string) => faulty.anomalies.find((a) => a.key === key);

describe('regression drill: 14 simulated days, faults from day 8', () => {
  it('names the tool failing 35 % of calls and its module, with the evidence in numbers', () => {
    const failing = anomaly('tool:todo_list:errorRate');
    expect(failing).toMatchObject({ kind: 'tool', name: 'todo_list', module: 'todo', test: 'fisher-exact', before: 0 });
    expect(failing!.after).toBeGreaterThan(0.2);
    expect(failing!.after).toBeLessThan(0.5);
    expect(failing!.counts.after).toBeGreaterThanOrEqual(30);
    expect(failing!.qValue).toBeLessThanOrEqual(0.05);
    expect(failing!.summary).toMatch(/^Tool todo_list \(todo\) failed \d+\.\d % of calls/);
    // A module whose tool broke is flagged too: its personas rated it lower.
    expect(anomaly('module:todo:rating')).toMatchObject({ kind: 'module', module: 'todo', test: 'mann-whitney-u' });
  });

  it("flags the slow tool on the app's own handler time and the tool that silently returns nothing", () => {
    const slow = anomaly('tool:notes_search:latency');
    expect(slow).toMatchObject({ module: 'notes', test: 'mann-whitney-u' });
    expect(slow!.after).toBeGreaterThanOrEqual(200);
    expect(faulty.tools.find((t) => t.name === 'notes_search')).toMatchObject({ latencySource: 'handler', errors: 0 });
    const empty = anomaly('tool:contacts_search:emptyRate');
    expect(empty).toMatchObject({ module: 'contacts', test: 'fisher-exact', after: 1 });
    expect(faulty.tools.find((t) => t.name === 'contacts_search')).toMatchObject({ errors: 0, emptyRate: 1 });
  });

  it('flags nothing that was not broken', () => {
    const broken = new Set<string>([...EXPECTED_FINDINGS.map((f) => f.key), ...EXPECTED_FINDINGS.map((f) => `module:${f.module}:rating`)]);
    expect(faulty.anomalies.map((a) => a.key).filter((key) => !broken.has(key))).toEqual([]);
    for (const { key, module } of EXPECTED_FINDINGS) expect(anomaly(key)?.module).toBe(module);
  });

  it('reports no anomaly for the same simulation without faults', () => {
    expect(clean.anomalies).toEqual([]);
    expect(clean.settings.tested).toBeGreaterThan(30);
    expect(clean.tools.reduce((sum, t) => sum + t.calls, 0)).toBeGreaterThan(500);
    expect(clean.tools.every((t) => t.errors === 0)).toBe(true);
  });
});
