import { AppError, isAppError } from '@mana/core';
/** Failed logins allowed per e-mail within the window before further attempts are refused. */
export const MAX_FAILED_LOGINS = 10;
/** The window over which failed logins are counted. */
export const FAILED_LOGIN_WINDOW_MS = 15 * 60 * 1000;

/**
 * Slows password guessing on `/api/v1/auth/login`: after 10 failed attempts for
 * one e-mail within 15 minutes, further attempts are refused until the oldest
 * failure leaves the window. Counted per e-mail whether or not it exists, so
 * the refusal reveals nothing. In memory, per process: a speed bump, not an
 * account lock (a success clears the count).
 */
export interface LoginThrottle {
  /** True when this e-mail may try now. */
  allows(email: string): boolean;
  failed(email: string): void;
  succeeded(email: string): void;
}

export function createLoginThrottle(now: () => Date, options: { max?: number; windowMs?: number } = {}): LoginThrottle {
  const max = options.max ?? MAX_FAILED_LOGINS;
  const windowMs = options.windowMs ?? FAILED_LOGIN_WINDOW_MS;
  const failures = new Map<string, number[]>();
  const key = (email: string) => email.trim().toLowerCase();
  const recent = (email: string): number[] => {
    const cutoff = now().getTime() - windowMs;
    const kept = (failures.get(key(email)) ?? []).filter((t) => t > cutoff);
    if (kept.length === 0) failures.delete(key(email));
    else failures.set(key(email), kept);
    return kept;
  };
  return {
    allows: (email) => recent(email).length < max,
    failed: (email) => failures.set(key(email), [...recent(email), now().getTime()]),
    succeeded: (email) => void failures.delete(key(email)),
  };
}

/**
 * Wraps a login verb with the throttle: refused (RATE_LIMITED) after too many
 * failures for the e-mail, a failure counted only for wrong credentials, the
 * count cleared on success. Any caller of the wrapped verb gets the same rule.
 */
export function throttled<I extends { email: string }, R>(throttle: LoginThrottle, verb: (input: I) => Promise<R>): (input: I) => Promise<R> {
  return async (input) => {
    if (!throttle.allows(input.email)) throw new AppError('RATE_LIMITED', 'Too many failed logins for this e-mail; try again later');
    try {
      const result = await verb(input);
      throttle.succeeded(input.email);
      return result;
    } catch (error) {
      if (isAppError(error) && error.code === 'UNAUTHORIZED') throttle.failed(input.email);
      throw error;
    }
  };
}
