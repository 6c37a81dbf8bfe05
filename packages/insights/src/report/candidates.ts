import { pairedCandidate, type Candidate, type UnitPair } from './anomalies';
import type { UnitRatingRow, UnitToolRow } from './persona-queries';
import type { AnomalySettings } from './settings';

/**
 * The report's hypotheses, one per tool and metric and per module: each
 * compares a persona with itself under the same simulator (a unit), so only
 * units present in both periods take part — a persona that joined or left, or
 * a simulator that exists on one side only, never drives a test.
 */
export function buildCandidates(tools: readonly UnitToolRow[], ratings: readonly UnitRatingRow[], settings: AnomalySettings): Candidate[] {
  return [...toolCandidates(tools, settings), ...ratingCandidates(ratings, settings)];
}

const unitOf = (row: { persona: string; stratum: string }) => `${row.persona}\u0000${row.stratum}`;

/** Rows of one name, as `[before, after]` per unit present in both periods. */
function pairUp<T extends { persona: string; stratum: string; side: 0 | 1 }>(rows: readonly T[]): [T, T][] {
  const bySide = new Map<string, [T | undefined, T | undefined]>();
  for (const row of rows) {
    const entry = bySide.get(unitOf(row)) ?? [undefined, undefined];
    entry[row.side] = row;
    bySide.set(unitOf(row), entry);
  }
  return [...bySide.values()].filter((e): e is [T, T] => e[0] !== undefined && e[1] !== undefined);
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return new Map([...groups.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

const sum = <T>(rows: readonly T[], pick: (row: T) => number) => rows.reduce((s, r) => s + pick(r), 0);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function toolCandidates(rows: readonly UnitToolRow[], settings: AnomalySettings): Candidate[] {
  const candidates: Candidate[] = [];
  for (const [name, toolRows] of groupBy(rows, (r) => r.tool)) {
    const pairs = pairUp(toolRows);
    const tool = { kind: 'tool' as const, name, module: toolRows.find((r) => r.side === 1)?.module ?? toolRows[0]!.module };
    const rate = (hits: (r: UnitToolRow) => number, total: (r: UnitToolRow) => number, metric: 'errorRate' | 'emptyRate') => {
      const used = pairs.filter(([b, a]) => total(b) >= settings.minPersonaCalls && total(a) >= settings.minPersonaCalls);
      const [nb, na] = [sum(used, ([b]) => total(b)), sum(used, ([, a]) => total(a))];
      if (nb < settings.minObservations || na < settings.minObservations) return;
      const [hb, ha] = [sum(used, ([b]) => hits(b)), sum(used, ([, a]) => hits(a))];
      const effect = ha / na - hb / nb;
      const counts = metric === 'errorRate' ? { before: nb, after: na, beforeErrors: hb, afterErrors: ha } : { before: nb, after: na, beforeEmpty: hb, afterEmpty: ha };
      const unitPairs: UnitPair[] = used.map(([b, a]) => ({ persona: b.persona, before: hits(b) / total(b), after: hits(a) / total(a) }));
      const minimum = metric === 'errorRate' ? settings.minErrorRateIncrease : settings.minEmptyRateIncrease;
      candidates.push(pairedCandidate({ ...tool, metric, before: hb / nb, after: ha / na, counts, pairs: unitPairs, effect }, effect >= minimum));
    };
    rate(
      (r) => r.errors,
      (r) => r.calls,
      'errorRate',
    );
    rate(
      (r) => r.empties,
      (r) => r.reads,
      'emptyRate',
    );
    const latency = latencyCandidate(tool, pairs, settings);
    if (latency) candidates.push(latency);
  }
  return candidates;
}

/**
 * Median latency per persona: the app's handler time when the compared
 * personas' calls reported it on both sides (enough of them), else the client's.
 * Effect: the median of the personas' medians, after over before.
 */
function latencyCandidate(tool: { kind: 'tool'; name: string; module: string }, pairs: readonly [UnitToolRow, UnitToolRow][], settings: AnomalySettings): Candidate | undefined {
  const enough = (n: (r: UnitToolRow) => number) => {
    const used = pairs.filter(([b, a]) => n(b) >= settings.minPersonaCalls && n(a) >= settings.minPersonaCalls);
    return sum(used, ([b]) => n(b)) >= settings.minObservations && sum(used, ([, a]) => n(a)) >= settings.minObservations ? used : undefined;
  };
  const handler = enough((r) => r.handlerN);
  const client = handler ? undefined : enough((r) => r.clientN);
  const used = handler ?? client;
  if (!used) return;
  const p50 = (r: UnitToolRow) => (handler ? r.handlerP50! : r.clientP50!);
  const n = (r: UnitToolRow) => (handler ? r.handlerN : r.clientN);
  const unitPairs: UnitPair[] = used.map(([b, a]) => ({ persona: b.persona, before: p50(b), after: p50(a) }));
  const before = median(unitPairs.map((p) => p.before));
  const after = median(unitPairs.map((p) => p.after));
  const effect = before > 0 ? after / before - 1 : after > 0 ? 1e9 : 0;
  const passes = effect >= settings.minLatencyIncrease && after - before >= settings.minLatencyIncreaseMs;
  return pairedCandidate(
    {
      ...tool,
      metric: 'latency',
      before,
      after,
      counts: { before: sum(used, ([b]) => n(b)), after: sum(used, ([, a]) => n(a)) },
      pairs: unitPairs,
      effect,
      detail: handler ? "the app's handler time, median of the personas' medians" : "client-measured, median of the personas' medians",
    },
    passes,
  );
}

function ratingCandidates(rows: readonly UnitRatingRow[], settings: AnomalySettings): Candidate[] {
  const candidates: Candidate[] = [];
  for (const [module, moduleRows] of groupBy(rows, (r) => r.module)) {
    const pairs = pairUp(moduleRows);
    const [nb, na] = [sum(pairs, ([b]) => b.ratings), sum(pairs, ([, a]) => a.ratings)];
    if (nb < settings.minObservations || na < settings.minObservations) continue;
    const before = sum(pairs, ([b]) => b.sum) / nb;
    const after = sum(pairs, ([, a]) => a.sum) / na;
    const effect = after - before;
    candidates.push(
      pairedCandidate(
        {
          kind: 'module',
          name: module,
          module,
          metric: 'rating',
          before,
          after,
          counts: { before: nb, after: na },
          pairs: pairs.map(([b, a]) => ({ persona: b.persona, before: b.sum / b.ratings, after: a.sum / a.ratings })),
          effect,
        },
        effect <= -settings.minRatingDrop,
      ),
    );
  }
  return candidates;
}
