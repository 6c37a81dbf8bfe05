import { z } from 'zod';
import { noTracing, type Tracing } from './tracing';

/**
 * The environment that turns tracing on, for each service's config schema: the
 * standard OTLP variables. Unset (or OTEL_SDK_DISABLED=true) = off.
 */
export const tracingEnv = {
  /** OTLP/HTTP collector base URL; traces go to `<url>/v1/traces`. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  /** The full traces URL, when it differs from `<OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces`. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_SDK_DISABLED: z.string().optional(),
};

export interface TracingConfig {
  /** Where traces are exported; undefined = tracing off. */
  tracesUrl?: string;
}

export function tracingConfig(env: { OTEL_EXPORTER_OTLP_ENDPOINT?: string; OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string; OTEL_SDK_DISABLED?: string }): TracingConfig {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return {};
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return { tracesUrl: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT };
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) return { tracesUrl: `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces` };
  return {};
}

/**
 * The service's tracing: `noTracing` unless a traces URL is configured; only then
 * are the OpenTelemetry modules imported, so a service without it pays nothing.
 */
export async function startTracing(config: TracingConfig, serviceName: string): Promise<Tracing> {
  if (!config.tracesUrl) return noTracing;
  const { createOtelTracing } = await import('./otel-tracing');
  return createOtelTracing({ serviceName, url: config.tracesUrl });
}
