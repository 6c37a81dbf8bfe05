import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseEnv } from '../env';
import { startTracing, tracingConfig, tracingEnv } from './start-tracing';
import { noTracing, traceHeaders } from './tracing';

const parse = (env: Record<string, string>) => tracingConfig(parseEnv(z.object(tracingEnv), env));

describe('tracing configuration', () => {
  it('is off without an OTLP endpoint, and off again with OTEL_SDK_DISABLED=true', async () => {
    expect(parse({})).toEqual({});
    expect(parse({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toEqual({});
    expect(await startTracing({}, 'mana-mcp')).toBe(noTracing);
    expect(traceHeaders()).toEqual({});
  });

  it('exports to <endpoint>/v1/traces, or to the traces endpoint when that is given', () => {
    expect(parse({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toEqual({ tracesUrl: 'http://collector:4318/v1/traces' });
    expect(parse({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://tempo:4318/otlp/v1/traces' })).toEqual({
      tracesUrl: 'http://tempo:4318/otlp/v1/traces',
    });
  });

  it('names a malformed endpoint at start-up', () => {
    expect(() => parse({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });

  it('runs the work unchanged when off', async () => {
    const seen: string[] = [];
    const value = await noTracing.span('work', { attributes: { a: 1 } }, async (span) => {
      span.setAttributes({ b: 2 });
      span.fail('not an exception');
      seen.push('ran');
      return 42;
    });
    expect(value).toBe(42);
    expect(seen).toEqual(['ran']);
    await expect(noTracing.span('boom', {}, async () => Promise.reject(new Error('kept')))).rejects.toThrow('kept');
  });
});
