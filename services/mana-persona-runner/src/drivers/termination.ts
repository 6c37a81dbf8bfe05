import type { Termination } from './driver';

/**
 * Why an aborted day ended: the runner aborts with a `TimeoutError` reason
 * (e.g. `AbortSignal.timeout`, or `new DOMException(msg, 'TimeoutError')`) on
 * time-out and with anything else on shutdown.
 */
export function terminationOnAbort(signal: AbortSignal): Termination {
  const reason = signal.reason as { name?: string } | undefined;
  return reason?.name === 'TimeoutError' ? 'timeout' : 'aborted';
}
