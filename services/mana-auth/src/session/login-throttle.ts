import { AppError, isAppError } from '@mana/core';
import { addressKey } from '../http/client-address';
import { createBackoffLimiter, type BackoffLimiter, type BackoffRule } from './backoff-limiter';

const MINUTE = 60_000;

/**
 * The login limits. Three counters, each with back-off instead of a lock-out:
 * - per client address: a guesser from one address is slowed on every e-mail
 *   (each failure costs a password hash);
 * - per account and address: the classic "ten wrong passwords", but the wait
 *   grows from 1 s to at most 15 min, and only for that address;
 * - per account from anywhere: distributed guessing waits at most 60 s per
 *   attempt, so nobody can lock the real owner out for long.
 */
export const LOGIN_RULES = {
  client: { free: 20, baseMs: 1_000, maxMs: 15 * MINUTE, forgetAfterMs: 15 * MINUTE },
  accountClient: { free: 10, baseMs: 1_000, maxMs: 15 * MINUTE, forgetAfterMs: 15 * MINUTE },
  account: { free: 20, baseMs: 1_000, maxMs: MINUTE, forgetAfterMs: 15 * MINUTE },
} as const satisfies Record<string, BackoffRule>;

/** Keys each counter keeps at most (~100 bytes each): memory stays bounded under any flood. */
export const MAX_THROTTLE_KEYS = 50_000;

/**
 * Who is trying: the e-mail and the client address, each when known (in-process
 * calls have no address; a password check on a body without an e-mail counts
 * for its address only).
 */
export interface LoginAttempt {
  email?: string;
  client?: string;
}

export interface LoginThrottle {
  /** Milliseconds this attempt must wait (0 = it may try now). */
  waitMs(attempt: LoginAttempt): number;
  failed(attempt: LoginAttempt): void;
  succeeded(attempt: LoginAttempt): void;
  /** Keys held, per counter (for the memory-bound tests). */
  sizes(): { client: number; accountClient: number; account: number };
}

export function createLoginThrottle(now: () => Date, options: { maxKeys?: number; rules?: Partial<Record<keyof typeof LOGIN_RULES, BackoffRule>> } = {}): LoginThrottle {
  const rules = { ...LOGIN_RULES, ...options.rules };
  const make = (rule: BackoffRule): BackoffLimiter => createBackoffLimiter(rule, { maxKeys: options.maxKeys ?? MAX_THROTTLE_KEYS, nowMs: () => now().getTime() });
  const byClient = make(rules.client);
  const byAccountClient = make(rules.accountClient);
  const byAccount = make(rules.account);
  // The e-mail in one case; the address by addressKey (an IPv6 client by its /64).
  const keysOf = ({ email, client }: LoginAttempt) => {
    const account = email?.trim().toLowerCase();
    const byClientKey = client === undefined ? undefined : addressKey(client);
    return { account, client: byClientKey, pair: account !== undefined && byClientKey !== undefined ? `${account}\n${byClientKey}` : undefined };
  };
  return {
    waitMs(attempt) {
      const keys = keysOf(attempt);
      const waits = [0];
      if (keys.account !== undefined) waits.push(byAccount.waitMs(keys.account));
      if (keys.client !== undefined) waits.push(byClient.waitMs(keys.client));
      if (keys.pair !== undefined) waits.push(byAccountClient.waitMs(keys.pair));
      return Math.max(...waits);
    },
    failed(attempt) {
      const keys = keysOf(attempt);
      if (keys.account !== undefined) byAccount.fail(keys.account);
      if (keys.client !== undefined) byClient.fail(keys.client);
      if (keys.pair !== undefined) byAccountClient.fail(keys.pair);
    },
    // The client counter is not cleared: a guesser could otherwise reset it with an account of its own.
    succeeded(attempt) {
      const keys = keysOf(attempt);
      if (keys.account !== undefined) byAccount.clear(keys.account);
      if (keys.pair !== undefined) byAccountClient.clear(keys.pair);
    },
    sizes: () => ({ client: byClient.size(), accountClient: byAccountClient.size(), account: byAccount.size() }),
  };
}

/**
 * Wraps a login verb with the throttle: refused (RATE_LIMITED, with
 * `retryAfterSeconds`) while any counter makes the attempt wait, before any
 * password hash is computed; a failure counted only for wrong credentials;
 * the account's counts cleared on success. Counted per e-mail whether or not
 * it exists, so the refusal reveals nothing.
 */
export function throttled<I extends { email: string }, R>(throttle: LoginThrottle, verb: (input: I) => Promise<R>): (input: I, client?: string) => Promise<R> {
  return async (input, client) => {
    const attempt = { email: input.email, client };
    const retryAfterSeconds = secondsToWait(throttle, attempt);
    if (retryAfterSeconds > 0) throw new AppError('RATE_LIMITED', tooManyFailures(retryAfterSeconds), { retryAfterSeconds });
    try {
      const result = await verb(input);
      throttle.succeeded(attempt);
      return result;
    } catch (error) {
      if (isAppError(error) && error.code === 'UNAUTHORIZED') throttle.failed(attempt);
      throw error;
    }
  };
}

/** Whole seconds `attempt` must wait before its password may be checked (0 = now): the `Retry-After` of a refusal. */
export function secondsToWait(throttle: LoginThrottle, attempt: LoginAttempt): number {
  return Math.ceil(throttle.waitMs(attempt) / 1000);
}

/** The message of every refusal by the throttle (our login and Better Auth's password endpoints alike). */
export function tooManyFailures(retryAfterSeconds: number): string {
  return `Too many failed logins; try again in ${retryAfterSeconds} s`;
}
