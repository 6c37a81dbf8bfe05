import hypergeometricPmf from '@stdlib/stats-base-dists-hypergeometric-pmf';

/** Tables whose probability is within this relative tolerance of the observed one count as "as extreme" (scipy uses the same). */
const RELATIVE_TOLERANCE = 1 + 1e-7;

/**
 * Two-sided Fisher exact test for the 2x2 table [[a, b], [c, d]] (rows: the two
 * periods; columns: failed, succeeded): the probability, with all margins fixed,
 * of a table no more probable than the observed one. Exact for any count, so it
 * suits a tool called a dozen times as well as one called 100,000 times. The
 * hypergeometric PMF is stdlib's (log-space, no overflow).
 */
export function fisherExact(a: number, b: number, c: number, d: number): number {
  for (const value of [a, b, c, d]) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`fisherExact: counts must be non-negative integers (got ${a}, ${b}, ${c}, ${d})`);
  }
  const total = a + b + c + d;
  const failed = a + c;
  const firstRow = a + b;
  if (total === 0 || failed === 0 || failed === total || firstRow === 0 || firstRow === total) return 1;
  const observed = hypergeometricPmf(a, total, failed, firstRow);
  const low = Math.max(0, firstRow + failed - total);
  const high = Math.min(failed, firstRow);
  let p = 0;
  for (let x = low; x <= high; x++) {
    const probability = hypergeometricPmf(x, total, failed, firstRow);
    if (probability <= observed * RELATIVE_TOLERANCE) p += probability;
  }
  return Math.min(1, p);
}
