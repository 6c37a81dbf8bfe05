/** Bins per unit of ln(1 + ms): 100 bins make each bin about 1 % wide. */
export const LATENCY_BINS_PER_LOG_UNIT = 100;

/** The SQL expression of a latency's bin (kept beside its inverse). */
export const latencyBinSql = (column: string): string => `round(ln(1 + greatest(${column}, 0)::float8) * ${LATENCY_BINS_PER_LOG_UNIT})::int`;

/** The latency a bin stands for (its centre), in ms. */
export function binToMs(bin: number): number {
  return Math.round((Math.exp(bin / LATENCY_BINS_PER_LOG_UNIT) - 1) * 100) / 100;
}

/**
 * The q-quantile (0..1) of a histogram of `{value, count}` by nearest rank
 * (the smallest value whose cumulative count reaches q of the total); null for
 * an empty histogram.
 */
export function quantile(bins: readonly { value: number; count: number }[], q: number): number | null {
  const sorted = [...bins].filter((b) => b.count > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, b) => sum + b.count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const bin of sorted) {
    seen += bin.count;
    if (seen >= rank) return bin.value;
  }
  return sorted[sorted.length - 1]!.value;
}
