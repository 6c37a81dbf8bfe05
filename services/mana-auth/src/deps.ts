import type { Logger, Tracing } from '@mana/core';
import type { Database } from '@mana/db';
import type { ToolRegistry } from '@mana/tools';
import type { ManaAuth } from './auth';
import type { AuthConfig } from './config';
import type { AuthMetrics } from './metrics/auth-metrics';
import type { LoginThrottle } from './session/login-throttle';
import type { PasswordGate } from './session/password-gate';
import type { PersonaPasswords } from './session/persona-password-hash';
import type { TokenSigner } from './session/signing-key';

/** What mana-auth's app is built from; tests pass their own. */
export interface AuthDeps {
  config: AuthConfig;
  database: Database;
  registry: ToolRegistry;
  log: Logger;
  /** The clock for scheduling decisions and token times; injectable for tests. */
  now: () => Date;
  /** Server spans per request and statement spans (default: off). */
  tracing?: Tracing;
  /** The login throttle (default: `createLoginThrottle(now)` with LOGIN_RULES); tests pass one with a clock of its own. */
  loginThrottle?: LoginThrottle;
}

/**
 * What every route factory of mana-auth receives: the deps plus the one Better
 * Auth instance built from them (so no route builds its own).
 */
export interface AuthContext extends AuthDeps {
  auth: ManaAuth;
  /** Counts failed password checks per address and account: our login and Better Auth's password endpoints share it (session/login-throttle.ts). */
  loginThrottle: LoginThrottle;
  /** Bounds the password hashes computed at once (session/password-gate.ts). */
  passwords: PasswordGate;
  /** The persona passwords being stored as machine secrets right now (session/persona-password-hash.ts). */
  personaPasswords: PersonaPasswords;
  /** Signs access tokens with the current JWKS key, kept between tokens (session/signing-key.ts). */
  tokens: TokenSigner;
  /** mana-auth's `/metrics`: one prom-client registry with its HTTP, login, internal API and report metrics. */
  metrics: AuthMetrics;
}
