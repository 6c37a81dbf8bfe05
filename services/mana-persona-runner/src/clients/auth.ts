import { loginResponse, type LoginResponse } from '@mana/contracts';
import { requestJson } from './http';

/** Logs one user in through mana-auth's `POST /api/v1/auth/login`; the answer carries the JWT and the personal space. */
export function login(authUrl: string, credentials: { email: string; password: string }, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<LoginResponse> {
  return requestJson(`${authUrl.replace(/\/+$/, '')}/api/v1/auth/login`, { method: 'POST', body: credentials, ...options }, loginResponse);
}

/** Renews a JWT with a login's refresh token through `POST /api/v1/auth/refresh` (no password). */
export function refreshLogin(authUrl: string, refreshToken: string, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<LoginResponse> {
  return requestJson(`${authUrl.replace(/\/+$/, '')}/api/v1/auth/refresh`, { method: 'POST', body: { refreshToken }, ...options }, loginResponse);
}
