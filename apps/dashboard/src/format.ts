/** Display helpers: one formatting per kind of number. */
export const rating = (value: number | null | undefined): string => (value == null ? '–' : value.toFixed(2));
export const pct = (value: number | null | undefined): string => (value == null ? '–' : `${(value * 100).toFixed(1)}%`);
/** Milliseconds: a decimal below 10 ms (the app's handler time is often 1-3 ms), seconds from 1000 ms. */
export const ms = (value: number | null | undefined): string =>
  value == null ? '–' : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : value > 0 && value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
export const int = (value: number | null | undefined): string => (value == null ? '–' : Math.round(value).toLocaleString('en-US'));
export const usd = (value: number): string => `$${value < 10 ? value.toFixed(4) : value.toFixed(2)}`;
export const when = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '–');
export const ratingClass = (value: number | null | undefined): string => (value == null ? 'muted' : value < 2.5 ? 'bad' : value < 3.5 ? 'warn' : 'good');

/** Axis labels of shares (0.05 = 5%) with as many decimals as the tick step needs, never more than one. */
export const percentTicks = (ticks: number[], step: number): string[] => {
  const decimals = step > 0 && step * 100 < 1 ? 1 : 0;
  return ticks.map((t) => `${(t * 100).toFixed(decimals)}%`);
};

/** Signed change from `before` to `now` (rates in points, others relative); null when there is nothing to compare. */
export function change(now: number | null, before: number | null, kind: 'rate' | 'relative'): { text: string; up: boolean } | null {
  if (now == null || before == null) return null;
  if (kind === 'rate') {
    const delta = (now - before) * 100;
    return { text: `${delta >= 0 ? '+' : ''}${delta.toFixed(1)} pt`, up: delta > 0 };
  }
  if (before === 0) return null;
  const delta = ((now - before) / before) * 100;
  return { text: `${delta >= 0 ? '+' : ''}${delta.toFixed(0)}%`, up: delta > 0 };
}
