/**
 * The OpenTelemetry side of `Tracing`, loaded only by `startTracing` when traces
 * are exported. One tracer provider per service (its own `service.name`), so the
 * all-in-one process still shows three services; the context manager and the W3C
 * propagator are process-wide and registered once.
 */
import { context, createContextKey, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { installTraceContextHooks, type ActiveSpan, type SpanAttributes, type SpanOptions, type Tracing } from './tracing';

export interface OtelTracingOptions {
  serviceName: string;
  /** OTLP/HTTP traces URL (…/v1/traces); spans are batched. */
  url?: string;
  /** Export here instead, one span at a time (tests pass an in-memory exporter). */
  exporter?: SpanExporter;
}

/** The service whose span is active: statements below it are recorded by that service's tracer. */
const SERVICE_TRACER = createContextKey('mana.service-tracer');
const KINDS = { internal: SpanKind.INTERNAL, server: SpanKind.SERVER, client: SpanKind.CLIENT } as const;
const headerGetter = { get: (carrier: Headers, key: string) => carrier.get(key) ?? undefined, keys: (carrier: Headers) => [...carrier.keys()] };

let registered = false;
function registerProcessWide(): void {
  if (registered) return;
  registered = true;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  installTraceContextHooks({
    inject: (headers) => propagation.inject(context.active(), headers),
    startStatement(text) {
      const active = context.active();
      const tracer = active.getValue(SERVICE_TRACER) as Tracer | undefined;
      if (!tracer || !trace.getSpan(active)) return undefined;
      const operation = /^\s*\(?\s*([a-z]+)/i.exec(text)?.[1]?.toUpperCase() ?? 'QUERY';
      // The statement text only: parameters (names, e-mails, notes) never reach a span.
      const span = tracer.startSpan(
        operation,
        { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'db.operation.name': operation, 'db.query.text': text.slice(0, 2_000) } },
        active,
      );
      return {
        end(error) {
          if (error) fail(span, error instanceof Error ? error.message : String(error), error);
          span.end();
        },
      };
    },
  });
}

export function createOtelTracing(options: OtelTracingOptions): Tracing {
  registerProcessWide();
  const processor = options.exporter ? new SimpleSpanProcessor(options.exporter) : new BatchSpanProcessor(new OTLPTraceExporter(options.url ? { url: options.url } : {}));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName, 'service.namespace': 'mana-personas' }),
    spanProcessors: [processor],
  });
  const tracer = provider.getTracer(options.serviceName);
  const asService = (ctx: Context) => ctx.setValue(SERVICE_TRACER, tracer);
  const start = (name: string, spanOptions: SpanOptions, parent: Context) =>
    tracer.startSpan(
      name,
      {
        kind: KINDS[spanOptions.kind ?? 'internal'],
        attributes: defined(spanOptions.attributes),
        startTime: spanOptions.startTime,
        links: spanOptions.links?.map((l) => ({ context: { traceId: l.traceId, spanId: l.spanId, traceFlags: 1 } })),
      },
      parent,
    );

  return {
    enabled: true,
    async span(name, spanOptions, fn) {
      const parent = spanOptions.root ? ROOT_CONTEXT : context.active();
      const span = start(name, spanOptions, parent);
      try {
        return await context.with(asService(trace.setSpan(parent, span)), () => fn(handle(span)));
      } catch (error) {
        fail(span, (error as Error)?.message ?? String(error), error);
        throw error;
      } finally {
        span.end();
      }
    },
    record(name, spanOptions) {
      const span = start(name, spanOptions, context.active());
      if (spanOptions.error) fail(span, spanOptions.error);
      span.end(spanOptions.endTime);
    },
    continueFrom: (headers, fn) => context.with(asService(propagation.extract(ROOT_CONTEXT, headers, headerGetter)), fn),
    tracer: () => tracer,
    shutdown: () => provider.shutdown(),
  };
}

function handle(span: Span): ActiveSpan {
  return {
    setAttributes: (attributes) => span.setAttributes(defined(attributes) ?? {}),
    rename: (name) => span.updateName(name),
    fail: (message) => fail(span, message),
    link: () => {
      const { traceId, spanId } = span.spanContext();
      return { traceId, spanId };
    },
  };
}

function fail(span: Span, message: string, error?: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: message.slice(0, 500) });
  span.setAttribute('error.type', error instanceof Error ? error.name : 'failed');
}

function defined(attributes: SpanAttributes | undefined): Record<string, string | number | boolean> | undefined {
  if (!attributes) return undefined;
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) out[key] = value;
  return out;
}
