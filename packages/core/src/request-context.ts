import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** The header that carries a request id between the services (generated when absent). */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What every log line of one request (or one persona tick in the runner) carries. */
export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with a request context; every log line and outgoing call inside it carries the id. */
export function withRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The current request context, if any. */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** An incoming id when it looks sane (printable, at most 128 characters), else a fresh one: a header is never trusted blindly into logs. */
export function requestIdFrom(incoming: string | null | undefined): string {
  return incoming && /^[\w.:@/-]{1,128}$/.test(incoming) ? incoming : randomUUID();
}

/** Headers to add to an outgoing call so the callee logs under the same request id. */
export function requestIdHeaders(): Record<string, string> {
  const context = storage.getStore();
  return context ? { [REQUEST_ID_HEADER]: context.requestId } : {};
}
