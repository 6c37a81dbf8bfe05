import { benjaminiHochberg } from './benjamini-hochberg';

/**
 * One test of a report: its p-value and the smallest p-value it could have
 * reached, which the test itself gives (for van Elteren's test, the p-value of
 * its most extreme arrangement: `minPGreater` / `minPLess`).
 */
export interface DiscreteTest {
  pValue: number;
  minP: number;
}

export interface TaroneBhResult {
  /** Per test, in input order: the BH q-value within the testable set; 1 for a test that could never be significant. */
  qValues: number[];
  /** Per test: whether it is in the testable set (its smallest reachable p-value is at most alpha / k). */
  testable: boolean[];
  /** Tarone's K: the Bonferroni-style divisor that decides testability (1 when there is no test). */
  k: number;
}

/**
 * Benjamini–Hochberg for discrete tests with Tarone's screen (Tarone 1990;
 * Gilbert 2005, JRSS C 54:143–158). A test over a few persona-days can never
 * go below some p-value, whatever the data (van Elteren's test over two
 * personas with one day on each side: its most extreme arrangement, every
 * day after above every day before, gives one-sided p ≈ 0.08); counting it
 * among the m tests of BH only raises the bar for the others. So:
 *
 * 1. K = the smallest k ≥ 1 with #{i : minP_i ≤ alpha / k} ≤ k;
 * 2. the testable set is R(K) = {i : minP_i ≤ alpha / K};
 * 3. BH over R(K) alone (m = |R(K)|); every other test gets q = 1.
 *
 * Flagging q ≤ alpha then controls the false discovery rate at alpha (Gilbert
 * 2005, under BH's own independence or positive-dependence assumption): a test
 * outside R(K) cannot be rejected, and R(K)'s size never exceeds K. The
 * q-values depend on alpha through K, so compare them with that alpha only.
 */
export function taroneBenjaminiHochberg(tests: readonly DiscreteTest[], alpha: number): TaroneBhResult {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`taroneBenjaminiHochberg: alpha must lie in (0, 1), got ${alpha}`);
  tests.forEach(({ pValue, minP }, i) => {
    if (!(pValue >= 0 && pValue <= 1) || !(minP >= 0 && minP <= 1)) {
      throw new RangeError(`taroneBenjaminiHochberg: test ${i} needs pValue and minP in [0, 1], got ${pValue} and ${minP}`);
    }
    if (pValue < minP * (1 - 1e-12)) throw new RangeError(`taroneBenjaminiHochberg: test ${i} has pValue ${pValue} below its minP ${minP}`);
  });
  const k = taroneK(
    tests.map((t) => t.minP),
    alpha,
  );
  const testable = tests.map((t) => t.minP <= alpha / k);
  const testableIndexes = testable.flatMap((ok, i) => (ok ? [i] : []));
  const testableQ = benjaminiHochberg(testableIndexes.map((i) => tests[i]!.pValue));
  const qValues = tests.map(() => 1);
  testableIndexes.forEach((i, j) => {
    qValues[i] = testableQ[j]!;
  });
  return { qValues, testable, k };
}

/** Tarone's K: the count of tests that could reach alpha / k falls as k grows; K is where it first drops to k or below. */
function taroneK(minPs: readonly number[], alpha: number): number {
  for (let k = 1; k < minPs.length; k++) {
    if (minPs.filter((p) => p <= alpha / k).length <= k) return k;
  }
  return Math.max(1, minPs.length);
}
