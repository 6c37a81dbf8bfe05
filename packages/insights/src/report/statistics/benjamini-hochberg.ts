import padjust from '@stdlib/stats-padjust';

/**
 * Benjamini-Hochberg q-values (false discovery rate) for p-values tested at
 * once, in input order; stdlib's `padjust(p, "bh")`. Flagging every q <= 0.05
 * keeps the expected share of false alarms among the flagged at 5 % however
 * many tools and modules are tested.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  if (pValues.length === 0) return [];
  return padjust([...pValues], 'bh');
}
