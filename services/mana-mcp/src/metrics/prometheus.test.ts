import { describe, expect, it } from 'vitest';
import { createMetricsRegistry } from './prometheus';

describe('createMetricsRegistry', () => {
  it('renders counters per label set, gauges read at scrape time, cumulative histogram buckets', () => {
    const registry = createMetricsRegistry();
    const calls = registry.counter('calls_total', 'Calls.');
    calls.inc({ tool: 'a', outcome: 'ok' });
    calls.inc({ outcome: 'ok', tool: 'a' }, 2);
    calls.inc({ tool: 'b"x', outcome: 'fault' });
    let open = 3;
    registry.gauge('open', 'Open things.', () => open);
    const duration = registry.histogram('duration_seconds', 'Durations.', [0.01, 0.1]);
    duration.observe({ tool: 'a' }, 0.005);
    duration.observe({ tool: 'a' }, 0.05);
    duration.observe({ tool: 'a' }, 5);
    open = 4;

    expect(calls.value({ tool: 'a', outcome: 'ok' })).toBe(3);
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
