/** Tests: real OpenTelemetry tracing into memory, one span at a time, for asserting on whole traces. */
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createOtelTracing } from '../tracing/otel-tracing';
import type { Tracing } from '../tracing/tracing';

export type { ReadableSpan };

export interface MemoryTraces {
  /** A tracing for one service, exporting into the shared memory. */
  forService(serviceName: string): Tracing;
  spans(): ReadableSpan[];
  reset(): void;
}

export function memoryTraces(): MemoryTraces {
  const exporter = new InMemorySpanExporter();
  return {
    forService: (serviceName) => createOtelTracing({ serviceName, exporter }),
    spans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
  };
}
