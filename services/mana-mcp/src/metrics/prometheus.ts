/**
 * A tiny Prometheus text-format registry: counters, gauges read at scrape time,
 * and histograms, each with labels. Enough for one service's `/metrics`
 * without a dependency; names and help texts follow the exposition format 0.0.4.
 */
type Labels = Record<string, string>;

interface Metric {
  render(): string[];
}

const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Labels) => {
  const entries = Object.entries(labels);
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${escape(v)}"`).join(',')}}` : '';
};
const keyOf = (labels: Labels) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

/** A monotonically increasing count per label set. */
export interface Counter {
  inc(labels?: Labels, by?: number): void;
  value(labels?: Labels): number;
}

/** Observations bucketed by upper bound, plus sum and count. */
export interface Histogram {
  observe(labels: Labels, value: number): void;
}

/** Collects metrics and renders them for a scrape. */
export interface MetricsRegistry {
  counter(name: string, help: string): Counter;
  /** A gauge whose value is read when scraped. */
  gauge(name: string, help: string, read: () => number): void;
  histogram(name: string, help: string, buckets: readonly number[]): Histogram;
  render(): string;
}

/** Creates an empty registry. */
export function createMetricsRegistry(): MetricsRegistry {
  const metrics: Metric[] = [];
  const header = (name: string, help: string, type: string) => [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];

  return {
    counter(name, help) {
      const values = new Map<string, { labels: Labels; value: number }>();
      metrics.push({ render: () => [...header(name, help, 'counter'), ...[...values.values()].map((s) => `${name}${labelText(s.labels)} ${s.value}`)] });
      return {
        inc(labels = {}, by = 1) {
          const key = keyOf(labels);
          const series = values.get(key) ?? { labels, value: 0 };
          series.value += by;
          values.set(key, series);
        },
        value: (labels = {}) => values.get(keyOf(labels))?.value ?? 0,
      };
    },
    gauge(name, help, read) {
      metrics.push({ render: () => [...header(name, help, 'gauge'), `${name} ${read()}`] });
    },
    histogram(name, help, buckets) {
      const series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
      metrics.push({
        render: () => [
          ...header(name, help, 'histogram'),
          ...[...series.values()].flatMap((s) => [
            ...buckets.map((bound, i) => `${name}_bucket${labelText({ ...s.labels, le: String(bound) })} ${s.counts[i]}`),
            `${name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}`,
            `${name}_sum${labelText(s.labels)} ${s.sum}`,
            `${name}_count${labelText(s.labels)} ${s.count}`,
          ]),
        ],
      });
      return {
        observe(labels, value) {
          const key = keyOf(labels);
          const entry = series.get(key) ?? { labels, counts: buckets.map(() => 0), sum: 0, count: 0 };
          buckets.forEach((bound, i) => {
            if (value <= bound) entry.counts[i]! += 1;
          });
          entry.sum += value;
          entry.count += 1;
          series.set(key, entry);
        },
      };
    },
    render: () => `${metrics.flatMap((metric) => metric.render()).join('\n')}\n`,
  };
}
