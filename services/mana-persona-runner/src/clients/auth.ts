import { setTimeout as timerSleep } from 'node:timers/promises';
import { AppError, isAppError, type FifoLimit } from '@mana/core';
import { loginResponse, type LoginResponse } from '@mana/contracts';
import { requestJson } from './http';

export interface LoginOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  limit?: FifoLimit;
  /**
   * While mana-auth answers 503 (its password queue is full), try again after its
   * Retry-After (plus up to half of it again, so a crowd of runners spreads out)
   * for this long in total; 0 gives up on the first 503.
   */
  retryWithinMs?: number;
  /**
   * This runner's password logins at once (RUNNER_LOGIN_CONCURRENCY). A login
   * waits here for its turn, within `retryWithinMs`, before its request starts:
   * that wait does not count against `timeoutMs`, and the waiting logins hold
   * none of the `limit` slots that heartbeats and completions need.
   */
  gate?: FifoLimit;
  /** Waits out a Retry-After before the next try; default a timer (tests pass their own to see the wait asked for). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<unknown>;
}

/** Logs one user in through mana-auth's `POST /api/v1/auth/login`; the answer carries the JWT and the personal space. */
export async function login(authUrl: string, credentials: { email: string; password: string }, options: LoginOptions = {}): Promise<LoginResponse> {
  const { retryWithinMs = 0, gate, sleep = (ms, signal) => timerSleep(ms, undefined, { signal }), ...request } = options;
  const deadline = Date.now() + retryWithinMs;
  const attempt = async (): Promise<LoginResponse> => {
    for (;;) {
      try {
        return await requestJson(`${authUrl.replace(/\/+$/, '')}/api/v1/auth/login`, { method: 'POST', body: credentials, ...request }, loginResponse);
      } catch (error) {
        const waitMs = busyWaitMs(error);
        if (waitMs === undefined || Date.now() + waitMs > deadline) throw error;
        await sleep(waitMs, request.signal);
      }
    }
  };
  if (!gate) return attempt();
  const turn = AbortSignal.timeout(Math.max(1, retryWithinMs));
  try {
    return await gate.run(attempt, request.signal ? AbortSignal.any([request.signal, turn]) : turn);
  } catch (error) {
    if (error !== turn.reason) throw error;
    const { waiting } = gate.stats();
    throw new AppError('UNAVAILABLE', `No login slot of this runner within ${retryWithinMs} ms (${waiting} logins still waiting)`, { retryAfterSeconds: 1 });
  }
}

/** The wait a 503 asks for (its Retry-After), with jitter; undefined for any other failure (a time-out is not retried here). */
function busyWaitMs(error: unknown): number | undefined {
  if (!isAppError(error) || error.code !== 'UNAVAILABLE') return undefined;
  const seconds = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
  return seconds === undefined ? undefined : seconds * 1000 * (1 + Math.random() / 2);
}

/** Renews a JWT with a login's refresh token through `POST /api/v1/auth/refresh` (no password). */
export function refreshLogin(authUrl: string, refreshToken: string, options: { signal?: AbortSignal; timeoutMs?: number; limit?: FifoLimit } = {}): Promise<LoginResponse> {
  return requestJson(`${authUrl.replace(/\/+$/, '')}/api/v1/auth/refresh`, { method: 'POST', body: { refreshToken }, ...options }, loginResponse);
}
