import { describe, expect, it } from 'vitest';
import { createMetricsRegistry } from './prometheus';

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

  it('renders counters per label set, gauges read at scrape time, cumulative histogram buckets', () => {
    const registry = createMetricsRegistry();
    const calls = registry.counter('calls_total', 'Calls.');
    calls.inc({ tool: 'a', outcome: 'ok' });
    calls.inc({ outcome: 'ok', tool: 'a' }, 2);
    calls.inc({ tool: 'b"x', outcome: 'fault' });
    let open = 3;
    registry.gauge('open', 'Open things.', () => open);
    const duration = registry.histogram('duration_seconds', 'Durations.', [0.01, 0.1]);
    duration.observe(0.005, { tool: 'a' });
    duration.observe(0.05, { tool: 'a' });
    duration.observe(5, { tool: 'a' });
    open = 4;

    expect(calls.get({ tool: 'a', outcome: 'ok' })).toBe(3);
    expect(registry.render()).toBe(
      [
        '# HELP calls_total Calls.',
        '# TYPE calls_total counter',
        'calls_total{tool="a",outcome="ok"} 3',
        'calls_total{tool="b\\"x",outcome="fault"} 1',
        '# HELP open Open things.',
        '# TYPE open gauge',
        'open 4',
        '# HELP duration_seconds Durations.',
        '# TYPE duration_seconds histogram',
        'duration_seconds_bucket{tool="a",le="0.01"} 1',
        'duration_seconds_bucket{tool="a",le="0.1"} 2',
        'duration_seconds_bucket{tool="a",le="+Inf"} 3',
        'duration_seconds_sum{tool="a"} 5.055',
        'duration_seconds_count{tool="a"} 3',
        '',
      ].join('\n'),
    );
  });
});
