import { describe, expect, it } from 'vitest';
import { createMetricsRegistry } from './registry';

describe('metrics registry', () => {
  it('renders counters, gauges and cumulative histogram buckets in Prometheus text format', () => {
    const registry = createMetricsRegistry();
    const calls = registry.counter('calls_total', 'Calls.');
    const gauge = registry.gauge('in_flight', 'Now.');
    const hist = registry.histogram('dur_seconds', 'Durations.', [0.1, 1]);
    calls.inc({ tool: 'todo_create', outcome: 'ok' });
    calls.inc({ outcome: 'ok', tool: 'todo_create' }, 2);
    calls.inc({ tool: 'a"b', outcome: 'error' });
    gauge.set(3);
    hist.observe(0.05);
    hist.observe(0.5);
    hist.observe(5);
    const text = registry.render();
    expect(text).toContain('# TYPE calls_total counter\n');
    expect(text).toContain('calls_total{tool="todo_create",outcome="ok"} 3\n');
    expect(text).toContain('calls_total{tool="a\\"b",outcome="error"} 1\n');
    expect(text).toContain('in_flight 3\n');
    expect(text).toContain('dur_seconds_bucket{le="0.1"} 1\ndur_seconds_bucket{le="1"} 2\ndur_seconds_bucket{le="+Inf"} 3\ndur_seconds_sum 5.55\ndur_seconds_count 3\n');
  });
});
