import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

/**
 * Up to this many non-zero differences the p-value is exact (the permutation
 * distribution of W+ over all 2^n sign patterns); above it, the normal
 * approximation. Why 50: the counts of sign patterns stay integers below
 * 2^53, so every double in the recursion and the tail sums is exact (2^50 <
 * 2^53), and the table has at most n(n+1) + 1 = 2551 cells, so the cost is a
 * few thousand additions per rank; SciPy's `wilcoxon(method='auto')` switches
 * at the same n. At n = 51 (no ties) the normal two-sided p-value is within
 * 3e-5 of the exact one near 0.05, and larger, so conservative, further out
 * (0.0013 where the exact one is 0.0010).
 */
export const WILCOXON_EXACT_MAX_N = 50;

/** Differences closer to 0 than this are ties with 0 (floating noise of `a − b` for equal summaries). */
export const WILCOXON_ZERO_TOLERANCE = 1e-12;

/** Significant digits kept before ranking, so that 0.30000000000000004 and 0.3 tie as they should. */
export const WILCOXON_TIE_DIGITS = 12;

export interface WilcoxonResult {
  /** Non-zero differences: the personas whose summary moved. */
  n: number;
  /** W+: the sum of the (mid)ranks of |d| over the positive differences. */
  statistic: number;
  /** Two-sided p-value; 1 when nothing moved. */
  pValue: number;
  /** `exact` for n ≤ {@link WILCOXON_EXACT_MAX_N}, `normal` above. */
  method: 'exact' | 'normal';
  /** The smallest two-sided p-value this test could have given with these ranks (for discrete multiplicity control). */
  minPValue: number;
  /** How many differences are positive (after > before). */
  positives: number;
  /** How many differences are negative. */
  negatives: number;
}

/**
 * Smallest two-sided p-value the exact signed-rank test can reach with n
 * non-zero differences, ties or not: every difference on one side is the
 * single most extreme sign pattern, so the p-value is 2 · 2^-n (capped at 1).
 */
export function minAttainableP(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`minAttainableP: n must be a non-negative integer, got ${n}`);
  return Math.min(1, 2 ** (1 - n));
}

/**
 * Two-sided Wilcoxon signed-rank test of paired differences (after − before,
 * one per persona) against a symmetric distribution around 0. Zeros are
 * dropped (Wilcoxon's rule, SciPy's `zero_method='wilcox'`) and tied |d|
 * share their mid-rank. For n ≤ {@link WILCOXON_EXACT_MAX_N} the p-value is
 * exact and conditional on the mid-ranks observed (what SciPy's
 * `PermutationMethod(n_resamples=inf)` enumerates): 2 · min(P(W+ ≥ w),
 * P(W+ ≤ w)), capped at 1. Above, the normal approximation with the tie
 * correction of the variance and no continuity correction (SciPy's
 * `method='asymptotic', correction=False`).
 */
export function wilcoxonSignedRank(differences: readonly number[]): WilcoxonResult {
  const moved: number[] = [];
  for (const d of differences) {
    if (!Number.isFinite(d)) throw new RangeError(`wilcoxonSignedRank: differences must be finite numbers, got ${d}`);
    if (Math.abs(d) > WILCOXON_ZERO_TOLERANCE) moved.push(Number(d.toPrecision(WILCOXON_TIE_DIGITS)));
  }
  const n = moved.length;
  const positives = moved.filter((d) => d > 0).length;
  const negatives = n - positives;
  if (n === 0) return { n, statistic: 0, pValue: 1, method: 'exact', minPValue: 1, positives, negatives };

  const { doubledRanks, tieSizes } = doubledMidRanks(moved.map(Math.abs));
  let doubledW = 0;
  moved.forEach((d, i) => {
    if (d > 0) doubledW += doubledRanks[i]!;
  });
  const statistic = doubledW / 2;
  if (n <= WILCOXON_EXACT_MAX_N) {
    return { n, statistic, pValue: exactPValue(doubledRanks, doubledW), method: 'exact', minPValue: minAttainableP(n), positives, negatives };
  }
  const mean = (n * (n + 1)) / 4;
  const tieTerm = tieSizes.reduce((sum, t) => sum + t * t * t - t, 0);
  const sd = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
  const twoSided = (w: number) => (sd > 0 ? Math.min(1, 2 * normalCdf(-Math.abs(w - mean) / sd, 0, 1)) : 1);
  return { n, statistic, pValue: twoSided(statistic), method: 'normal', minPValue: twoSided(2 * mean), positives, negatives };
}

/** Twice the mid-rank of each value (an integer: a tie over positions a..b has mid-rank (a + b) / 2), and the size of each tie group. */
function doubledMidRanks(values: readonly number[]): { doubledRanks: number[]; tieSizes: number[] } {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const doubledRanks = new Array<number>(values.length);
  const tieSizes: number[] = [];
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
    for (let k = start; k <= end; k++) doubledRanks[order[k]!] = start + 1 + (end + 1);
    tieSizes.push(end - start + 1);
    start = end + 1;
  }
  return { doubledRanks, tieSizes };
}

/**
 * Exact two-sided p-value: counts of sign patterns per value of 2·W+ by the
 * subset-sum recursion over the doubled ranks (each rank is in W+ or not, with
 * probability 1/2 under the null). Counts are integers < 2^53, so exact.
 */
function exactPValue(doubledRanks: readonly number[], doubledW: number): number {
  const total = doubledRanks.reduce((sum, r) => sum + r, 0);
  let counts = new Float64Array(total + 1);
  counts[0] = 1;
  let reach = 0;
  for (const r of doubledRanks) {
    const next = new Float64Array(counts);
    for (let s = 0; s <= reach; s++) if (counts[s]! > 0) next[s + r]! += counts[s]!;
    counts = next;
    reach += r;
  }
  let atMost = 0;
  let atLeast = 0;
  for (let s = 0; s <= total; s++) {
    if (s <= doubledW) atMost += counts[s]!;
    if (s >= doubledW) atLeast += counts[s]!;
  }
  const patterns = 2 ** doubledRanks.length;
  return Math.min(1, (2 * Math.min(atMost, atLeast)) / patterns);
}
