import type { z } from 'zod';
import { AppError, errorCodeForStatus, requestIdHeaders, traceHeaders, type ErrorCode, type FifoLimit } from '@mana/core';
import { errorBody } from '@mana/contracts';
import { sendRequest, type PlainResponse } from './keep-alive';

export interface JsonRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal;
  /** Gives up after this many ms (RUNNER_HTTP_TIMEOUT_MS): a stalled upstream must not hold a pool slot. */
  timeoutMs?: number;
  /** Bounds the requests in flight (RUNNER_HTTP_CONCURRENCY); waiting for a slot counts against `timeoutMs`. */
  limit?: FifoLimit;
}

/**
 * One JSON round trip to another service (keep-alive, see `keep-alive.ts`). The answer is parsed with the shared
 * contract; a failure becomes an AppError carrying the upstream code and message,
 * so callers can tell a lost lease (CONFLICT) from an outage.
 */
export async function requestJson<S extends z.ZodType>(url: string, request: JsonRequest, schema: S): Promise<z.output<S>> {
  const headers: Record<string, string> = { accept: 'application/json', ...traceHeaders(), ...requestIdHeaders(), ...request.headers };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const timeout = request.timeoutMs ? AbortSignal.timeout(request.timeoutMs) : undefined;
  const signal = timeout && request.signal ? AbortSignal.any([request.signal, timeout]) : (timeout ?? request.signal);
  let response: PlainResponse;
  try {
    const send = () =>
      sendRequest(url, {
        method: request.method ?? (request.body === undefined ? 'GET' : 'POST'),
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal,
      });
    response = request.limit ? await request.limit.run(send, signal) : await send();
  } catch (error) {
    // The upstream is slow or away: unavailable (503's code), not our own fault.
    if (timeout?.aborted && !request.signal?.aborted) throw new AppError('UNAVAILABLE', `${new URL(url).pathname} timed out after ${request.timeoutMs} ms`);
    throw new AppError('UNAVAILABLE', `${url} unreachable: ${(error as Error).message}`);
  }
  const { text } = response;
  const json = safeJson(text);
  if (response.status < 200 || response.status > 299) {
    const upstream = errorBody.safeParse(json);
    const code = (upstream.success && (upstream.data.error.code as ErrorCode)) || errorCodeForStatus(response.status);
    const message = upstream.success ? upstream.data.error.message : text.slice(0, 200);
    const retryAfterSeconds = Number(response.headers['retry-after']);
    const details = retryAfterSeconds > 0 ? { retryAfterSeconds } : undefined;
    throw new AppError(code, `${new URL(url).pathname} answered ${response.status}: ${message}`, details);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new AppError('INTERNAL', `${new URL(url).pathname} answered an unexpected shape: ${parsed.error.message.slice(0, 300)}`);
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
