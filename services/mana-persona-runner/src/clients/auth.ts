import { setTimeout as sleep } from 'node:timers/promises';
import { isAppError } from '@mana/core';
import { loginResponse, type LoginResponse } from '@mana/contracts';
import { requestJson } from './http';
import type { InFlightLimit } from './in-flight';

export interface LoginOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  limit?: InFlightLimit;
  /**
   * While mana-auth answers 503 (its password queue is full), try again after its
   * Retry-After (plus up to half of it again, so a crowd of runners spreads out)
   * for this long in total; 0 gives up on the first 503.
   */
  retryWithinMs?: number;
}

/** Logs one user in through mana-auth's `POST /api/v1/auth/login`; the answer carries the JWT and the personal space. */
export async function login(authUrl: string, credentials: { email: string; password: string }, options: LoginOptions = {}): Promise<LoginResponse> {
  const { retryWithinMs = 0, ...request } = options;
  const deadline = Date.now() + retryWithinMs;
  for (;;) {
    try {
      return await requestJson(`${authUrl.replace(/\/+$/, '')}/api/v1/auth/login`, { method: 'POST', body: credentials, ...request }, loginResponse);
    } catch (error) {
      const waitMs = busyWaitMs(error);
      if (waitMs === undefined || Date.now() + waitMs > deadline) throw error;
      await sleep(waitMs, undefined, { signal: request.signal });
    }
  }
}

/** The wait a 503 asks for, with jitter; undefined for any other failure. */
function busyWaitMs(error: unknown): number | undefined {
  if (!isAppError(error) || error.code !== 'UNAVAILABLE') return undefined;
  const seconds = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 1;
  return seconds * 1000 * (1 + Math.random() / 2);
}

/** Renews a JWT with a login's refresh token through `POST /api/v1/auth/refresh` (no password). */
export function refreshLogin(authUrl: string, refreshToken: string, options: { signal?: AbortSignal; timeoutMs?: number; limit?: InFlightLimit } = {}): Promise<LoginResponse> {
  return requestJson(`${authUrl.replace(/\/+$/, '')}/api/v1/auth/refresh`, { method: 'POST', body: { refreshToken }, ...options }, loginResponse);
}
