import { collectDefaultMetrics, Counter, Registry, type LabelValues } from 'prom-client';
import { httpMetrics } from '../http-observability';
import { droppedLogLines } from '../logger';

/**
 * One prom-client registry per service, with the default process and Node.js
 * metrics (CPU, memory, heap, event-loop lag, GC), the HTTP request metrics
 * `httpObservability` records and the log lines the process dropped. No
 * global registry: the all-in-one start runs three services in one process,
 * each with its own.
 */
export function createServiceRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  httpMetrics(registry);
  new Counter({
    name: 'mana_log_lines_dropped_total',
    help: 'Log lines dropped because stderr was not read fast enough (the process buffers 8 MiB, then drops rather than block).',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(droppedLogLines());
    },
  });
  return registry;
}

/** The `/metrics` answer of a registry (Prometheus text format). */
export async function metricsResponse(registry: Registry): Promise<Response> {
  return new Response(await registry.metrics(), { status: 200, headers: { 'content-type': registry.contentType } });
}

/** A counter's value for one label set (0 when never incremented). */
export async function counterValue<T extends string>(counter: Counter<T>, labels: LabelValues<T> = {}): Promise<number> {
  return matching((await counter.get()).values, labels).reduce((sum, v) => sum + v.value, 0);
}

function matching<V extends { labels: Partial<Record<string, string | number>> }>(values: V[], labels: Record<string, string | number | undefined>): V[] {
  const wanted = Object.entries(labels);
  return values.filter((v) => wanted.every(([key, value]) => String(v.labels[key]) === String(value)) && Object.keys(v.labels).length === wanted.length);
}
