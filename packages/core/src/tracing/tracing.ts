/**
 * Tracing as the services see it: spans around the work that matters (a persona's
 * tick, an HTTP request, a tool call, a statement) and the W3C `traceparent` header
 * between services. Off by default: without OTEL_EXPORTER_OTLP_ENDPOINT every
 * service holds `noTracing`, and no OpenTelemetry module is ever loaded
 * (`startTracing` imports them only when asked to export).
 */

export type SpanKind = 'internal' | 'server' | 'client';
export type SpanAttributes = Record<string, string | number | boolean | undefined>;

/** Where another trace's span can be pointed at (a persona tick links to the pass that claimed it). */
export interface SpanLink {
  traceId: string;
  spanId: string;
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: SpanAttributes;
  /** Start time in epoch ms when the work began before the span could be opened (default now). */
  startTime?: number;
  links?: SpanLink[];
  /** Start a new trace even inside another span (one trace per persona tick). */
  root?: boolean;
}

/** The open span handed to the traced function. */
export interface ActiveSpan {
  setAttributes(attributes: SpanAttributes): void;
  /** The name once it is known (a server span learns its route template after routing). */
  rename(name: string): void;
  /** Marks the span failed without throwing (a tick that ends `failed` is not an exception). */
  fail(message: string): void;
  /** This span's ids, for links from other traces. */
  link(): SpanLink | undefined;
}

export interface Tracing {
  readonly enabled: boolean;
  /** Runs `fn` inside a new span, a child of the active one; a throw marks the span failed and ends it. */
  span<T>(name: string, options: SpanOptions, fn: (span: ActiveSpan) => Promise<T>): Promise<T>;
  /** A span already over, with its own times (e.g. an LLM turn read from a transcript), under the active span. */
  record(name: string, options: SpanOptions & { startTime: number; endTime: number; error?: string }): void;
  /** Runs `fn` with the trace context carried by these request headers (`traceparent`) as the parent. */
  continueFrom<T>(headers: Headers, fn: () => T): T;
  /** The tracer for libraries with their own OpenTelemetry hooks (the AI SDK's `experimental_telemetry`). */
  tracer(): unknown;
  /** Exports what is buffered and stops. */
  shutdown(): Promise<void>;
}

const NO_SPAN: ActiveSpan = { setAttributes() {}, rename() {}, fail() {}, link: () => undefined };

/** Tracing off: each call runs the work and nothing else. */
export const noTracing: Tracing = {
  enabled: false,
  span: (_name, _options, fn) => fn(NO_SPAN),
  record() {},
  continueFrom: (_headers, fn) => fn(),
  tracer: () => undefined,
  shutdown: async () => {},
};

/**
 * The process-wide half of tracing, set once OpenTelemetry is loaded: writing the
 * active context into outgoing headers, and opening a statement's span under the
 * service whose span is active. Both are no-ops until then.
 */
export interface TraceContextHooks {
  inject(headers: Record<string, string>): void;
  startStatement(text: string): { end(error?: unknown): void } | undefined;
}

let hooks: TraceContextHooks | undefined;

export function installTraceContextHooks(installed: TraceContextHooks): void {
  hooks = installed;
}

/** `traceparent` (and `tracestate`) of the active span for an outgoing request; `{}` when tracing is off. */
export function traceHeaders(): Record<string, string> {
  if (!hooks) return {};
  const headers: Record<string, string> = {};
  hooks.inject(headers);
  return headers;
}

/** A span for one SQL statement under the active service span; undefined when tracing is off or no span is active. */
export function startStatementSpan(text: string): { end(error?: unknown): void } | undefined {
  return hooks?.startStatement(text);
}
