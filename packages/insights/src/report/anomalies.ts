import type { AnomalyMetric, ReportAnomaly } from '@mana/contracts';
import { benjaminiHochberg } from './statistics/benjamini-hochberg';
import { fisherExact } from './statistics/fisher-exact';
import { mannWhitneyU, type TiedCount } from './statistics/mann-whitney';
import type { AnomalySettings } from './settings';

/** One hypothesis of a report, before false-discovery control. */
export interface Candidate {
  kind: ReportAnomaly['kind'];
  name: string;
  module: string;
  metric: AnomalyMetric;
  test: ReportAnomaly['test'];
  before: number;
  after: number;
  counts: ReportAnomaly['counts'];
  pValue: number;
  effect: number;
  /** True when the change goes the bad way by at least the minimum effect. */
  worseEnough: boolean;
  /** Extra words for the summary (p95 of a latency). */
  detail?: string;
}

/**
 * A share of a tool's calls in both periods (errors among calls, empty results among reads):
 * Fisher's exact test, effect = the rise of the share, flagged from `minIncrease` on.
 */
function proportionCandidate(
  tool: { name: string; module: string },
  metric: 'errorRate' | 'emptyRate',
  before: { total: number; hits: number },
  after: { total: number; hits: number },
  counts: Candidate['counts'],
  minIncrease: number,
): Candidate {
  const rateBefore = before.hits / before.total;
  const rateAfter = after.hits / after.total;
  const effect = rateAfter - rateBefore;
  return {
    kind: 'tool',
    ...tool,
    metric,
    test: 'fisher-exact',
    before: rateBefore,
    after: rateAfter,
    counts,
    pValue: fisherExact(after.hits, after.total - after.hits, before.hits, before.total - before.hits),
    effect,
    worseEnough: effect >= minIncrease,
  };
}

/** Error proportions of a tool in both periods. */
export function errorRateCandidate(
  tool: { name: string; module: string },
  before: { calls: number; errors: number },
  after: { calls: number; errors: number },
  settings: AnomalySettings,
): Candidate {
  const counts = { before: before.calls, after: after.calls, beforeErrors: before.errors, afterErrors: after.errors };
  return proportionCandidate(tool, 'errorRate', { total: before.calls, hits: before.errors }, { total: after.calls, hits: after.errors }, counts, settings.minErrorRateIncrease);
}

/** Empty results among a tool's successful reads in both periods. */
export function emptyRateCandidate(
  tool: { name: string; module: string },
  before: { reads: number; empties: number },
  after: { reads: number; empties: number },
  settings: AnomalySettings,
): Candidate {
  const counts = { before: before.reads, after: after.reads, beforeEmpty: before.empties, afterEmpty: after.empties };
  return proportionCandidate(tool, 'emptyRate', { total: before.reads, hits: before.empties }, { total: after.reads, hits: after.empties }, counts, settings.minEmptyRateIncrease);
}

/** Ratings 1-5 of a module in both periods: Mann-Whitney U, effect = change of the mean in stars. */
export function ratingCandidate(module: string, counts: readonly TiedCount[], settings: AnomalySettings): Candidate {
  const side = (pick: 'before' | 'after') => {
    const n = counts.reduce((sum, c) => sum + c[pick], 0);
    return { n, mean: counts.reduce((sum, c) => sum + c.value * c[pick], 0) / n };
  };
  const before = side('before');
  const after = side('after');
  const effect = after.mean - before.mean;
  return {
    kind: 'module',
    name: module,
    module,
    metric: 'rating',
    test: 'mann-whitney-u',
    before: before.mean,
    after: after.mean,
    counts: { before: before.n, after: after.n },
    pValue: mannWhitneyU(counts).pValue,
    effect,
    worseEnough: effect <= -settings.minRatingDrop,
  };
}

/** Binned latencies of a tool in both periods: Mann-Whitney U, effect = relative rise of the median. */
export function latencyCandidate(
  tool: { name: string; module: string },
  counts: readonly TiedCount[],
  medians: { before: number; after: number; afterP95: number | null },
  settings: AnomalySettings,
): Candidate {
  const test = mannWhitneyU(counts);
  const effect = medians.before > 0 ? medians.after / medians.before - 1 : medians.after > 0 ? Number.POSITIVE_INFINITY : 0;
  const rise = medians.after - medians.before;
  return {
    kind: 'tool',
    ...tool,
    metric: 'latency',
    test: 'mann-whitney-u',
    before: medians.before,
    after: medians.after,
    counts: { before: counts.reduce((s, c) => s + c.before, 0), after: counts.reduce((s, c) => s + c.after, 0) },
    pValue: test.pValue,
    effect: Number.isFinite(effect) ? effect : 1e9,
    worseEnough: test.probabilityGreater > 0.5 && effect >= settings.minLatencyIncrease && rise >= settings.minLatencyIncreaseMs,
    detail: medians.afterP95 === null ? undefined : `p95 ${formatMs(medians.afterP95)}`,
  };
}

/**
 * Benjamini-Hochberg over every candidate of the report at once; an anomaly is
 * a candidate with q at or under the false-discovery rate whose change is
 * for the worse by at least the minimum effect. Worst (smallest q) first.
 */
export function decideAnomalies(candidates: readonly Candidate[], settings: AnomalySettings): ReportAnomaly[] {
  const qValues = benjaminiHochberg(candidates.map((c) => c.pValue));
  return candidates
    .map((c, i) => ({ c, q: qValues[i]! }))
    .filter(({ c, q }) => c.worseEnough && q <= settings.falseDiscoveryRate)
    .sort((a, b) => a.q - b.q || a.c.name.localeCompare(b.c.name))
    .map(({ c, q }) => ({
      key: `${c.kind}:${c.name}:${c.metric}`,
      kind: c.kind,
      name: c.name,
      module: c.module,
      metric: c.metric,
      test: c.test,
      before: round(c.before, 4),
      after: round(c.after, 4),
      counts: c.counts,
      pValue: c.pValue,
      qValue: q,
      effect: round(c.effect, 4),
      summary: summaryOf(c, q),
    }));
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const stars = (mean: number) => mean.toFixed(2);
/** `p = 0.0031`, `p = 2.4e-12`, `p < 1e-300`. */
export const formatP = (name: string, p: number) => (p < 1e-300 ? `${name} < 1e-300` : `${name} = ${p >= 0.001 ? p.toPrecision(2) : p.toExponential(1)}`);
export const formatMs = (ms: number) => (ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`);

/** The finding in one sentence, with its numbers. */
function summaryOf(c: Candidate, q: number): string {
  const stats = `(${c.test === 'fisher-exact' ? 'Fisher exact' : 'Mann-Whitney U'} ${formatP('p', c.pValue)}, BH ${formatP('q', q)})`;
  if (c.metric === 'errorRate') {
    return `Tool ${c.name} (${c.module}) failed ${percent(c.after)} of calls (${c.counts.afterErrors} of ${c.counts.after}), up from ${percent(c.before)} (${c.counts.beforeErrors} of ${c.counts.before}) ${stats}.`;
  }
  if (c.metric === 'emptyRate') {
    return `Tool ${c.name} (${c.module}) returned nothing for ${percent(c.after)} of successful reads (${c.counts.afterEmpty} of ${c.counts.after}), up from ${percent(c.before)} (${c.counts.beforeEmpty} of ${c.counts.before}) ${stats}.`;
  }
  if (c.metric === 'rating') {
    return `Module ${c.name} is rated ${stars(c.after)} on average (${c.counts.after} ratings), down from ${stars(c.before)} (${c.counts.before}) ${stats}.`;
  }
  return `Tool ${c.name} (${c.module}) takes ${formatMs(c.after)} at the median${c.detail ? ` (${c.detail})` : ''}, up from ${formatMs(c.before)} over ${c.counts.after} and ${c.counts.before} calls ${stats}.`;
}
