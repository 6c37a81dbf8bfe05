/**
 * A tiny Prometheus registry (counters, gauges, histograms with labels) that renders
 * the text exposition format 0.0.4. Enough for one service; no global state.
 */
export type Labels = Record<string, string>;

interface Metric {
  render(): string[];
}

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Labels) => {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return pairs.length ? `{${pairs.join(',')}}` : '';
};
const keyOf = (labels: Labels) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
const num = (value: number) => (Number.isFinite(value) ? String(value) : value > 0 ? '+Inf' : '-Inf');

export interface Counter {
  inc(labels?: Labels, by?: number): void;
  get(labels?: Labels): number;
}
export interface Gauge {
  set(value: number, labels?: Labels): void;
}
export interface Histogram {
  observe(value: number, labels?: Labels): void;
  count(labels?: Labels): number;
}

export interface MetricsRegistry {
  counter(name: string, help: string): Counter;
  gauge(name: string, help: string, collect?: () => number): Gauge;
  histogram(name: string, help: string, buckets: number[]): Histogram;
  render(): string;
}

/** Creates an empty registry. */
export function createMetricsRegistry(): MetricsRegistry {
  const metrics: Metric[] = [];
  const header = (name: string, help: string, type: string) => [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];

  return {
    counter(name, help) {
      const values = new Map<string, { labels: Labels; value: number }>();
      metrics.push({ render: () => [...header(name, help, 'counter'), ...[...values.values()].map((v) => `${name}${labelText(v.labels)} ${num(v.value)}`)] });
      return {
        inc(labels = {}, by = 1) {
          const key = keyOf(labels);
          const entry = values.get(key) ?? { labels, value: 0 };
          entry.value += by;
          values.set(key, entry);
        },
        get: (labels = {}) => values.get(keyOf(labels))?.value ?? 0,
      };
    },
    gauge(name, help, collect) {
      const values = new Map<string, { labels: Labels; value: number }>();
      metrics.push({
        render: () => {
          if (collect) values.set(keyOf({}), { labels: {}, value: collect() });
          return [...header(name, help, 'gauge'), ...[...values.values()].map((v) => `${name}${labelText(v.labels)} ${num(v.value)}`)];
        },
      });
      return { set: (value, labels = {}) => void values.set(keyOf(labels), { labels, value }) };
    },
    histogram(name, help, buckets) {
      const bounds = [...buckets].sort((a, b) => a - b);
      const series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
      metrics.push({
        render: () => {
          const lines = header(name, help, 'histogram');
          for (const s of series.values()) {
            bounds.forEach((bound, i) => lines.push(`${name}_bucket${labelText({ ...s.labels, le: num(bound) })} ${s.counts[i]}`));
            lines.push(`${name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}`);
            lines.push(`${name}_sum${labelText(s.labels)} ${num(s.sum)}`, `${name}_count${labelText(s.labels)} ${s.count}`);
          }
          return lines;
        },
      });
      return {
        observe(value, labels = {}) {
          const key = keyOf(labels);
          const s = series.get(key) ?? { labels, counts: bounds.map(() => 0), sum: 0, count: 0 };
          bounds.forEach((bound, i) => {
            if (value <= bound) s.counts[i] += 1;
          });
          s.sum += value;
          s.count += 1;
          series.set(key, s);
        },
        count: (labels = {}) => series.get(keyOf(labels))?.count ?? 0,
      };
    },
    render: () => `${metrics.flatMap((m) => m.render()).join('\n')}\n`,
  };
}
