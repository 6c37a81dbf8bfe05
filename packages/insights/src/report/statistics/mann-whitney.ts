import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

/** One value with how often it occurs in each sample (ties are the rule for ratings and binned latencies). */
export interface TiedCount {
  value: number;
  before: number;
  after: number;
}

export interface MannWhitneyResult {
  /** U of the `after` sample: how often an `after` value beats a `before` value (ties count half). */
  uAfter: number;
  /** Two-sided p-value (normal approximation with tie and continuity correction). */
  pValue: number;
  /** `uAfter / (nBefore * nAfter)`: the probability that an `after` value exceeds a `before` one (0.5 = no shift). */
  probabilityGreater: number;
}

/**
 * Two-sided Mann-Whitney U (Wilcoxon rank-sum) test from counts per distinct
 * value, with mid-ranks for ties, the tie-corrected variance and the continuity
 * correction: the same as scipy's `mannwhitneyu(..., method="asymptotic")`.
 * A rank test makes no assumption about the shape of ratings or latencies; the
 * normal tail is stdlib's.
 */
export function mannWhitneyU(counts: readonly TiedCount[]): MannWhitneyResult {
  const sorted = [...counts].filter((c) => c.before + c.after > 0).sort((x, y) => x.value - y.value);
  let nBefore = 0;
  let nAfter = 0;
  for (const c of sorted) {
    if (!Number.isInteger(c.before) || !Number.isInteger(c.after) || c.before < 0 || c.after < 0) throw new RangeError('mannWhitneyU: counts must be non-negative integers');
    nBefore += c.before;
    nAfter += c.after;
  }
  if (nBefore === 0 || nAfter === 0) return { uAfter: 0, pValue: 1, probabilityGreater: 0.5 };
  const n = nBefore + nAfter;
  let below = 0;
  let rankSumAfter = 0;
  let tieTerm = 0;
  for (const c of sorted) {
    const t = c.before + c.after;
    const midRank = below + (t + 1) / 2;
    rankSumAfter += midRank * c.after;
    tieTerm += t * t * t - t;
    below += t;
  }
  const uAfter = rankSumAfter - (nAfter * (nAfter + 1)) / 2;
  const mean = (nBefore * nAfter) / 2;
  const variance = ((nBefore * nAfter) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  const probabilityGreater = uAfter / (nBefore * nAfter);
  if (variance <= 0) return { uAfter, pValue: 1, probabilityGreater };
  const u = Math.max(uAfter, nBefore * nAfter - uAfter);
  const z = (u - mean - 0.5) / Math.sqrt(variance);
  return { uAfter, pValue: Math.min(1, 2 * normalCdf(-z, 0, 1)), probabilityGreater };
}
