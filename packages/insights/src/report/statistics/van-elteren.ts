import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

/** Significant digits kept before ranking, so that 0.30000000000000004 and 0.3 tie as they should. */
const TIE_DIGITS = 12;

/** One stratum (a persona): its units (per-day summaries) in the previous period and in the current one. */
export interface Stratum {
  before: readonly number[];
  after: readonly number[];
}

export interface VanElterenResult {
  /** Strata used: those with at least one unit on each side. */
  strata: number;
  /** Standardized statistic T / √V; positive when `after` tends to be larger. 0 when V = 0. */
  z: number;
  /** One-sided p-value that `after` is stochastically larger (normal approximation, no continuity correction). */
  pGreater: number;
  /** One-sided p-value that `after` is stochastically smaller. */
  pLess: number;
  /** The smallest `pGreater` these strata sizes and mid-ranks could give: every stratum's `after` units on its top mid-ranks. */
  minPGreater: number;
  /** The smallest `pLess` likewise: every stratum's `after` units on its bottom mid-ranks. */
  minPLess: number;
}

/** Per used stratum: its weight, variance and the rank sums of `after` as observed, at the top and at the bottom. */
interface RankedStratum {
  weight: number;
  variance: number;
  expected: number;
  observed: number;
  highest: number;
  lowest: number;
}

/**
 * Van Elteren's stratified Wilcoxon rank-sum test (van Elteren 1960, Bull.
 * ISI 37:351–361). Within each stratum the units of both periods are ranked
 * together (mid-ranks for ties, after rounding to
 * {@link TIE_DIGITS} significant digits so floating noise ties);
 * W_k is the rank sum of the `after` units, with null mean
 * E_k = n_k (N_k + 1) / 2 and tie-corrected variance
 * Var_k = m_k n_k (N_k + 1) / 12 − m_k n_k Σ(t³ − t) / (12 N_k (N_k − 1)).
 * The strata are combined with van Elteren's locally most powerful weights
 * w_k = 1 / (N_k + 1): T = Σ w_k (W_k − E_k), V = Σ w_k² Var_k, z = T / √V,
 * and the one-sided p-values are normal tails without continuity correction.
 * With one stratum this is SciPy's `mannwhitneyu(after, before,
 * method='asymptotic', use_continuity=False)`. A stratum with an empty side
 * says nothing about a shift and is skipped; with no usable stratum, or V = 0
 * (everything tied within every stratum), z = 0 and every p-value is 1.
 */
export function vanElteren(strata: readonly Stratum[]): VanElterenResult {
  const ranked: RankedStratum[] = [];
  strata.forEach((stratum, k) => {
    const before = tieReady(stratum.before, k, 'before');
    const after = tieReady(stratum.after, k, 'after');
    if (before.length > 0 && after.length > 0) ranked.push(rankStratum(before, after));
  });
  let variance = 0;
  for (const s of ranked) variance += s.weight * s.weight * s.variance;
  if (!(variance > 0)) return { strata: ranked.length, z: 0, pGreater: 1, pLess: 1, minPGreater: 1, minPLess: 1 };
  const sd = Math.sqrt(variance);
  const standardized = (rankSum: (s: RankedStratum) => number) => ranked.reduce((sum, s) => sum + s.weight * (rankSum(s) - s.expected), 0) / sd;
  const z = standardized((s) => s.observed);
  return {
    strata: ranked.length,
    z,
    // Φ(−z) rather than 1 − Φ(z): the upper tail keeps its precision when z is large.
    pGreater: normalCdf(-z, 0, 1),
    pLess: normalCdf(z, 0, 1),
    minPGreater: normalCdf(-standardized((s) => s.highest), 0, 1),
    minPLess: normalCdf(
      standardized((s) => s.lowest),
      0,
      1,
    ),
  };
}

/** The side's values rounded for tie detection; a non-finite value is refused. */
function tieReady(values: readonly number[], k: number, side: 'before' | 'after'): number[] {
  return values.map((v) => {
    if (!Number.isFinite(v)) throw new RangeError(`vanElteren: stratum ${k} ${side} values must be finite numbers, got ${v}`);
    return roundToTieDigits(v);
  });
}

/**
 * `v` at {@link TIE_DIGITS} significant digits, by arithmetic: the report ranks
 * hundreds of thousands of persona-days, and `Number(v.toPrecision())` made a
 * string of each (most of the report's time, in the garbage collector).
 */
function roundToTieDigits(v: number): number {
  if (v === 0 || Number.isInteger(v)) return v;
  const scale = 10 ** (TIE_DIGITS - 1 - Math.floor(Math.log10(Math.abs(v))));
  const rounded = Math.round(v * scale) / scale;
  return Number.isFinite(rounded) ? rounded : Number(v.toPrecision(TIE_DIGITS));
}

/** Mid-ranks of one stratum's N units, the `after` rank sum, its null mean and tie-corrected variance, and its extremes. */
function rankStratum(before: readonly number[], after: readonly number[]): RankedStratum {
  const m = before.length;
  const n = after.length;
  const total = m + n;
  const values = [...after, ...before];
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Array<number>(total);
  let tieTerm = 0;
  for (let start = 0; start < total; ) {
    let end = start;
    while (end + 1 < total && values[order[end + 1]!] === values[order[start]!]) end++;
    // Positions start..end (0-based) share the mid-rank of ranks start + 1 .. end + 1.
    for (let i = start; i <= end; i++) ranks[order[i]!] = (start + end + 2) / 2;
    const t = end - start + 1;
    tieTerm += t * t * t - t;
    start = end + 1;
  }
  // Mid-ranks are multiples of 1/2, so these sums are exact whatever the order of addition.
  const sum = (rs: readonly number[]) => rs.reduce((acc, r) => acc + r, 0);
  const sortedRanks = order.map((i) => ranks[i]!);
  const variance = total > 1 ? (m * n * (total + 1)) / 12 - (m * n * tieTerm) / (12 * total * (total - 1)) : 0;
  return {
    weight: 1 / (total + 1),
    variance: Math.max(0, variance),
    expected: (n * (total + 1)) / 2,
    observed: sum(ranks.slice(0, n)),
    highest: sum(sortedRanks.slice(total - n)),
    lowest: sum(sortedRanks.slice(0, n)),
  };
}
