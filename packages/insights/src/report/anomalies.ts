import type { AnomalyMetric, ReportAnomaly } from '@mana/contracts';
import { taroneBenjaminiHochberg } from './statistics/discrete-bh';
import { vanElteren } from './statistics/van-elteren';
import type { AnomalySettings } from './settings';

/**
 * One persona under one simulator (a stratum, docs/statistics.md) and its
 * days: per day of each period, the day's error rate, empty rate, mean rating
 * or median latency of the tool or module; `before` and `after` summarize its
 * whole periods (for the persona counts and grouping by cause).
 */
export interface PersonaDays {
  persona: string;
  beforeDays: number[];
  afterDays: number[];
  before: number;
  after: number;
}

/** One hypothesis of a report, before false-discovery control. */
export interface Candidate {
  kind: 'tool' | 'module';
  name: string;
  module: string;
  metric: Exclude<AnomalyMetric, 'surface' | 'simulator'>;
  /** The pooled figure of the compared personas in each period (rate of all their calls, mean of their ratings, median of their medians). */
  before: number;
  after: number;
  counts: ReportAnomaly['counts'];
  /** The compared personas and their days, for the test and for grouping findings by cause. */
  pairs: PersonaDays[];
  pValue: number;
  minP: number;
  effect: number;
  /** True when the change goes the bad way by at least the minimum effect and most personas moved that way. */
  worseEnough: boolean;
  /** How many personas got worse (higher rate or latency, lower rating). */
  worse: number;
  /** Extra words for the summary (the latency source). */
  detail?: string;
}

/** +1 when a higher value is worse (rates, latency), -1 when lower is (ratings). */
const badDirection = (metric: Candidate['metric']) => (metric === 'rating' ? -1 : 1);

/**
 * The stratified rank test of the compared personas' days (van Elteren's
 * stratified Wilcoxon rank-sum: each persona's days after against its own days
 * before, combined over personas), one-sided the bad way: a report asks "did
 * it get worse?". `minP` is the p-value had every persona's days after all
 * been worse than its days before (Tarone's screen).
 */
function oneSided(pairs: readonly PersonaDays[], metric: Candidate['metric']): { pValue: number; minP: number; leansBad: boolean } {
  const test = vanElteren(pairs.map((p) => ({ before: p.beforeDays, after: p.afterDays })));
  const higherIsWorse = badDirection(metric) > 0;
  return higherIsWorse ? { pValue: test.pGreater, minP: test.minPGreater, leansBad: test.z > 0 } : { pValue: test.pLess, minP: test.minPLess, leansBad: test.z < 0 };
}

/**
 * A hypothesis with its test. `worseEnough` needs the pooled effect past the
 * minimum, the days leaning the bad way, and most of the personas whose
 * summary moved (at least two) having got worse: a change one persona alone
 * carries cannot be told from that persona's own data and calendar.
 */
export function pairedCandidate(base: Omit<Candidate, 'pValue' | 'minP' | 'worseEnough' | 'worse'>, passesMinimum: boolean): Candidate {
  const direction = badDirection(base.metric);
  const test = oneSided(base.pairs, base.metric);
  const worse = base.pairs.filter((p) => (p.after - p.before) * direction > 0).length;
  const better = base.pairs.filter((p) => (p.after - p.before) * direction < 0).length;
  return {
    ...base,
    pValue: test.pValue,
    minP: test.minP,
    worseEnough: passesMinimum && test.leansBad && worse >= 2 && worse > better,
    worse,
  };
}

/** The test of the same metric among some of its personas only (grouping by cause). */
export function restrictedPValue(candidate: Candidate, keep: (persona: string) => boolean): { pValue: number; leansBad: boolean; personas: number } {
  const pairs = candidate.pairs.filter((p) => keep(p.persona));
  return { ...oneSided(pairs, candidate.metric), personas: pairs.length };
}

/** A finding with its candidate, for grouping by cause. */
export interface Decided {
  anomaly: ReportAnomaly;
  candidate: Candidate;
}

/**
 * Benjamini-Hochberg with Tarone's screen over every candidate of the report
 * at once (docs/statistics.md); an anomaly is a testable candidate with q at
 * or under the false-discovery rate whose change is for the worse by at least
 * the minimum effect. Worst (smallest q) first.
 */
export function decideAnomalies(candidates: readonly Candidate[], settings: AnomalySettings): { decided: Decided[]; testable: number } {
  const control = taroneBenjaminiHochberg(
    candidates.map((c) => ({ pValue: c.pValue, minP: c.minP })),
    settings.falseDiscoveryRate,
  );
  const decided = candidates
    .map((c, i) => ({ c, q: control.qValues[i]!, testable: control.testable[i]! }))
    .filter(({ c, q, testable }) => testable && c.worseEnough && q <= settings.falseDiscoveryRate)
    .sort((a, b) => a.q - b.q || a.c.pValue - b.c.pValue || a.c.name.localeCompare(b.c.name))
    .map(({ c, q }) => ({ candidate: c, anomaly: anomalyOf(c, q) }));
  return { decided, testable: control.testable.filter(Boolean).length };
}

function anomalyOf(c: Candidate, q: number): ReportAnomaly {
  return {
    key: `${c.kind}:${c.name}:${c.metric}`,
    kind: c.kind,
    name: c.name,
    module: c.module,
    metric: c.metric,
    test: 'van-elteren',
    before: round(c.before, 4),
    after: round(c.after, 4),
    counts: c.counts,
    pValue: c.pValue,
    qValue: q,
    effect: round(c.effect, 4),
    personas: { tested: c.pairs.length, worse: c.worse },
    summary: summaryOf(c, q),
  };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const stars = (mean: number) => mean.toFixed(2);
/** `p = 0.0031`, `p = 2.4e-12`, `p < 1e-300`. */
export const formatP = (name: string, p: number) => (p < 1e-300 ? `${name} < 1e-300` : `${name} = ${p >= 0.001 ? p.toPrecision(2) : p.toExponential(1)}`);
export const formatMs = (ms: number) => (ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`);

/** "7 of 12 personas saw more errors". */
function personasPhrase(c: Candidate): string {
  const what = { errorRate: 'more errors', emptyRate: 'more empty results', rating: 'rated it lower', latency: 'it slower' }[c.metric];
  const verb = c.metric === 'rating' ? '' : 'saw ';
  return `${c.worse} of ${c.pairs.length} persona${c.pairs.length === 1 ? '' : 's'} ${verb}${what}`;
}

/** The finding in one sentence, with its numbers. */
function summaryOf(c: Candidate, q: number): string {
  const stats = `(${personasPhrase(c)}; van Elteren over each persona's days ${formatP('p', c.pValue)}, BH ${formatP('q', q)})`;
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
