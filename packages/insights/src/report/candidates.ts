import { pairedCandidate, type Candidate, type PersonaDays } from './anomalies';
import type { UnitRatingRow, UnitToolRow } from './persona-queries';
import type { AnomalySettings } from './settings';

/**
 * The report's hypotheses, one per tool and metric and per module: each
 * compares a persona's days with its own days under the same simulator (a
 * stratum), so only strata present in both periods take part — a persona that
 * joined or left, or a simulator that exists on one side only, never drives a
 * test.
 */
export function buildCandidates(tools: readonly UnitToolRow[], ratings: readonly UnitRatingRow[], settings: AnomalySettings): Candidate[] {
  return [...toolCandidates(tools, settings), ...ratingCandidates(ratings, settings)];
}

/** One stratum's day rows of one tool or module, by period. */
interface StratumRows<T> {
  persona: string;
  before: T[];
  after: T[];
}

/** Rows of one name, grouped by stratum (persona and simulator), keeping strata with rows in both periods. */
function strata<T extends { persona: string; stratum: string; side: 0 | 1 }>(rows: readonly T[]): StratumRows<T>[] {
  const byStratum = new Map<string, StratumRows<T>>();
  for (const row of rows) {
    const key = `${row.persona}\u0000${row.stratum}`;
    const entry = byStratum.get(key) ?? { persona: row.persona, before: [], after: [] };
    (row.side === 0 ? entry.before : entry.after).push(row);
    byStratum.set(key, entry);
  }
  return [...byStratum.values()].filter((s) => s.before.length > 0 && s.after.length > 0);
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
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
    const tool = { kind: 'tool' as const, name, module: toolRows.find((r) => r.side === 1)?.module ?? toolRows[0]!.module };
    const all = strata(toolRows);
    const rate = (metric: 'errorRate' | 'emptyRate', hits: (r: UnitToolRow) => number, total: (r: UnitToolRow) => number) => {
      const used = daysOf(all, (r) => total(r) > 0, settings);
      const [nb, na] = [sum(used, (s) => sum(s.before, total)), sum(used, (s) => sum(s.after, total))];
      if (nb < settings.minObservations || na < settings.minObservations) return;
      const [hb, ha] = [sum(used, (s) => sum(s.before, hits)), sum(used, (s) => sum(s.after, hits))];
      if (ha === 0) return; // nothing failed (came back empty) in the period: it cannot have got worse, so it is not a hypothesis
      const effect = ha / na - hb / nb;
      const counts = metric === 'errorRate' ? { before: nb, after: na, beforeErrors: hb, afterErrors: ha } : { before: nb, after: na, beforeEmpty: hb, afterEmpty: ha };
      const pairs: PersonaDays[] = used.map((s) => ({
        persona: s.persona,
        beforeDays: s.before.map((r) => hits(r) / total(r)),
        afterDays: s.after.map((r) => hits(r) / total(r)),
        before: sum(s.before, hits) / sum(s.before, total),
        after: sum(s.after, hits) / sum(s.after, total),
      }));
      const minimum = metric === 'errorRate' ? settings.minErrorRateIncrease : settings.minEmptyRateIncrease;
      candidates.push(pairedCandidate({ ...tool, metric, before: hb / nb, after: ha / na, counts, pairs, effect }, effect >= minimum));
    };
    rate(
      'errorRate',
      (r) => r.errors,
      (r) => r.calls,
    );
    rate(
      'emptyRate',
      (r) => r.empties,
      (r) => r.reads,
    );
    const latency = latencyCandidate(tool, all, settings);
    if (latency) candidates.push(latency);
  }
  return candidates;
}

/** The strata's days that have an observation, keeping strata with at least `minPersonaDays` such days on each side. */
function daysOf(all: readonly StratumRows<UnitToolRow>[], has: (r: UnitToolRow) => boolean, settings: AnomalySettings): StratumRows<UnitToolRow>[] {
  const kept: StratumRows<UnitToolRow>[] = [];
  for (const s of all) {
    const before: UnitToolRow[] = [];
    const after: UnitToolRow[] = [];
    for (const r of s.before) if (has(r)) before.push(r);
    for (const r of s.after) if (has(r)) after.push(r);
    if (before.length >= settings.minPersonaDays && after.length >= settings.minPersonaDays) kept.push({ persona: s.persona, before, after });
  }
  return kept;
}

/**
 * Latency per persona-day: the day's typical handler time (geometric mean of
 * its calls) when the compared personas' calls reported it on both sides
 * (enough of them), else the client's. Effect: the median over personas of
 * their median day, after over before.
 */
function latencyCandidate(tool: { kind: 'tool'; name: string; module: string }, all: readonly StratumRows<UnitToolRow>[], settings: AnomalySettings): Candidate | undefined {
  const enough = (n: (r: UnitToolRow) => number) => {
    const used = daysOf(all, (r) => n(r) > 0, settings);
    return sum(used, (s) => sum(s.before, n)) >= settings.minObservations && sum(used, (s) => sum(s.after, n)) >= settings.minObservations ? used : undefined;
  };
  const handler = enough((r) => r.handlerN);
  const client = handler ? undefined : enough((r) => r.clientN);
  const used = handler ?? client;
  if (!used) return;
  const typical = (r: UnitToolRow) => (handler ? r.handlerMs! : r.clientMs!);
  const n = (r: UnitToolRow) => (handler ? r.handlerN : r.clientN);
  const pairs: PersonaDays[] = used.map((s) => {
    const [beforeDays, afterDays] = [s.before.map(typical), s.after.map(typical)];
    return { persona: s.persona, beforeDays, afterDays, before: median(beforeDays), after: median(afterDays) };
  });
  const before = median(pairs.map((p) => p.before));
  const after = median(pairs.map((p) => p.after));
  const effect = before > 0 ? after / before - 1 : after > 0 ? 1e9 : 0;
  const passes = effect >= settings.minLatencyIncrease && after - before >= settings.minLatencyIncreaseMs;
  return pairedCandidate(
    {
      ...tool,
      metric: 'latency',
      before,
      after,
      counts: { before: sum(used, (s) => sum(s.before, n)), after: sum(used, (s) => sum(s.after, n)) },
      pairs,
      effect,
      detail: handler ? "the app's handler time, median over the personas of their typical day" : 'client-measured, median over the personas of their typical day',
    },
    passes,
  );
}

function ratingCandidates(rows: readonly UnitRatingRow[], settings: AnomalySettings): Candidate[] {
  const candidates: Candidate[] = [];
  for (const [module, moduleRows] of groupBy(rows, (r) => r.module)) {
    const used = strata(moduleRows).filter((s) => s.before.length >= settings.minPersonaDays && s.after.length >= settings.minPersonaDays);
    const [nb, na] = [sum(used, (s) => sum(s.before, (r) => r.ratings)), sum(used, (s) => sum(s.after, (r) => r.ratings))];
    if (nb < settings.minObservations || na < settings.minObservations) continue;
    const before = sum(used, (s) => sum(s.before, (r) => r.sum)) / nb;
    const after = sum(used, (s) => sum(s.after, (r) => r.sum)) / na;
    const effect = after - before;
    const mean = (days: UnitRatingRow[]) => sum(days, (r) => r.sum) / sum(days, (r) => r.ratings);
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
          pairs: used.map((s) => ({
            persona: s.persona,
            beforeDays: s.before.map((r) => r.sum / r.ratings),
            afterDays: s.after.map((r) => r.sum / r.ratings),
            before: mean(s.before),
            after: mean(s.after),
          })),
          effect,
        },
        effect <= -settings.minRatingDrop,
      ),
    );
  }
  return candidates;
}
