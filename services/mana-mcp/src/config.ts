import { z } from 'zod';
import { metricsEnv, metricsTokenOf, parseEnv, tracingConfig, tracingEnv, type TracingConfig } from '@mana/core';
import { parseFaults, type FaultSpec } from './faults/parse-faults';
import type { SessionLimits } from './sessions/session-store';

/** mana-auth's development address (its default port); production must name the real one. */
const DEV_AUTH_URL = 'http://localhost:3001';

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3069),
    HOST: z.string().default('127.0.0.1'),
    /** Base URL of mana-auth: the JWT issuer, and where `/api/auth/jwks` is served. */
    MANA_AUTH_URL: z.string().url().optional(),
    /** Issuer to expect when it differs from MANA_AUTH_URL (e.g. behind a proxy). */
    MCP_JWT_ISSUER: z.string().min(1).optional(),
    DATABASE_URL: z.string().optional(),
    /** PostgreSQL connections this process holds at most (every process's pool counts against max_connections). */
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
    DATABASE_PREPARED_STATEMENTS: z.enum(['0', '1']).default('1'),
    MANA_DATA_DIR: z.string().optional(),
    MCP_SESSION_IDLE_MS: z.coerce
      .number()
      .int()
      .min(1000)
      .default(15 * 60_000),
    /**
     * A session with no request for this long may be ended to make room when a cap is reached (oldest first);
     * default a minute, or a quarter of MCP_SESSION_IDLE_MS when that is shorter.
     */
    MCP_SESSION_EVICT_IDLE_MS: z.coerce.number().int().min(1000).optional(),
    /** Open sessions one user may hold at once; more initializes get 429 until one ends. */
    MCP_MAX_SESSIONS_PER_USER: z.coerce.number().int().min(1).default(50),
    /** Open sessions of all users together, over every replica (rows of mcp_sessions); more initializes get 429. */
    MCP_MAX_SESSIONS: z.coerce.number().int().min(1).default(2000),
    /** The share of MCP_MAX_SESSIONS kept for personas: users of other kinds together hold at most the rest. */
    MCP_PERSONA_SESSION_SHARE: z.coerce.number().min(0).max(1).default(0.5),
    /** Browser origins (comma-separated) allowed besides loopback ones; any other Origin is 403 (DNS rebinding). */
    MCP_ALLOWED_ORIGINS: z.string().optional(),
    /** Host names (comma-separated) allowed in the Host header; unset = loopback names when HOST is loopback, else any. */
    MCP_ALLOWED_HOSTS: z.string().optional(),
    MCP_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
    MCP_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(1024 * 1024),
    /** Minimum time between two JWKS refetches triggered by an unknown key id. */
    MCP_JWKS_COOLDOWN_MS: z.coerce.number().int().min(0).default(30_000),
    /** How long a verified token is remembered (0 = verify the signature on every request). */
    MCP_TOKEN_CACHE_MS: z.coerce.number().int().min(0).default(60_000),
    MCP_FAULTS: z.string().optional(),
    MCP_FAULTS_SEED: z.coerce.number().int().optional(),
    /** Faults apply from this instant on (ISO 8601, by mana-mcp's clock); unset = from the start. */
    MCP_FAULTS_FROM: z.iso.datetime({ offset: true }).optional(),
    ...tracingEnv,
    ...metricsEnv,
  })
  .superRefine((env, ctx) => {
    const limits = sessionLimits(env);
    if (limits.perUser > limits.ordinary) {
      ctx.addIssue({
        code: 'custom',
        path: ['MCP_MAX_SESSIONS_PER_USER'],
        message:
          `${limits.perUser} is more than the ${limits.ordinary} sessions users other than personas may hold together ` +
          `(MCP_MAX_SESSIONS ${limits.total} less the MCP_PERSONA_SESSION_SHARE ${env.MCP_PERSONA_SESSION_SHARE} kept for personas): one account could hold all of them`,
      });
    }
    if (limits.evictIdleMs > env.MCP_SESSION_IDLE_MS / 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['MCP_SESSION_EVICT_IDLE_MS'],
        message: `${limits.evictIdleMs} is more than half of MCP_SESSION_IDLE_MS (${env.MCP_SESSION_IDLE_MS}): sessions idle that long expire before they could be evicted`,
      });
    }
    if (env.NODE_ENV === 'production' && !env.MANA_AUTH_URL) {
      ctx.addIssue({ code: 'custom', path: ['MANA_AUTH_URL'], message: 'MANA_AUTH_URL is required when NODE_ENV=production' });
    }
    try {
      const faults = parseFaults(env.MCP_FAULTS);
      if (faults.length > 0 && env.NODE_ENV === 'production') {
        ctx.addIssue({ code: 'custom', path: ['MCP_FAULTS'], message: 'fault injection is refused when NODE_ENV=production' });
      }
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['MCP_FAULTS'], message: (error as Error).message });
    }
  });

/** mana-mcp's configuration, parsed once. */
export interface McpConfig {
  /** OpenTelemetry traces (off unless OTEL_EXPORTER_OTLP_ENDPOINT is set). */
  tracing: TracingConfig;
  /** METRICS_TOKEN: when set, `GET /metrics` needs it as a bearer token. */
  metricsToken?: string;
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  authUrl: string;
  jwksUrl: string;
  issuer: string;
  databaseUrl?: string;
  /** node-postgres pool size (DATABASE_POOL_MAX). */
  databasePoolMax: number;
  /** Parameterized statements as named (prepared) statements (DATABASE_PREPARED_STATEMENTS, default on). */
  databasePreparedStatements: boolean;
  dataDir?: string;
  sessionIdleMs: number;
  /** How often idle sessions are swept: a quarter of the idle time, at most a minute. */
  sessionSweepMs: number;
  /** The caps on open sessions (over every replica) and when a session is idle enough to make room. */
  sessions: SessionLimits;
  allowedOrigins: string[];
  allowedHosts: string[];
  rateLimitPerMinute: number;
  maxBodyBytes: number;
  jwksCooldownMs: number;
  tokenCacheMs: number;
  faults: FaultSpec[];
  faultSeed?: number;
  /** `MCP_FAULTS_FROM`: calls before this instant get no fault. */
  faultsFrom?: Date;
}

/** Reads mana-mcp's configuration from an environment (default `process.env`). */
export function loadMcpConfig(env: Record<string, string | undefined> = process.env): McpConfig {
  const parsed = parseEnv(schema, env);
  const authUrl = (parsed.MANA_AUTH_URL ?? DEV_AUTH_URL).replace(/\/+$/, '');
  return {
    env: parsed.NODE_ENV,
    tracing: tracingConfig(parsed),
    metricsToken: metricsTokenOf(parsed),
    port: parsed.PORT,
    host: parsed.HOST,
    authUrl,
    jwksUrl: `${authUrl}/api/auth/jwks`,
    issuer: parsed.MCP_JWT_ISSUER ?? authUrl,
    databaseUrl: parsed.DATABASE_URL || undefined,
    databasePoolMax: parsed.DATABASE_POOL_MAX,
    databasePreparedStatements: parsed.DATABASE_PREPARED_STATEMENTS === '1',
    dataDir: parsed.MANA_DATA_DIR,
    sessionIdleMs: parsed.MCP_SESSION_IDLE_MS,
    sessionSweepMs: Math.min(60_000, Math.max(250, Math.floor(parsed.MCP_SESSION_IDLE_MS / 4))),
    sessions: sessionLimits(parsed),
    allowedOrigins: list(parsed.MCP_ALLOWED_ORIGINS).map((o) => new URL(o).origin.toLowerCase()),
    allowedHosts: list(parsed.MCP_ALLOWED_HOSTS).map((h) => h.toLowerCase()),
    rateLimitPerMinute: parsed.MCP_RATE_LIMIT_PER_MINUTE,
    maxBodyBytes: parsed.MCP_MAX_BODY_BYTES,
    jwksCooldownMs: parsed.MCP_JWKS_COOLDOWN_MS,
    tokenCacheMs: parsed.MCP_TOKEN_CACHE_MS,
    faults: parseFaults(parsed.MCP_FAULTS),
    faultSeed: parsed.MCP_FAULTS_SEED,
    faultsFrom: parsed.MCP_FAULTS_FROM ? new Date(parsed.MCP_FAULTS_FROM) : undefined,
  };
}

/** The parsed variables the session caps are made of. */
interface SessionEnv {
  MCP_MAX_SESSIONS: number;
  MCP_MAX_SESSIONS_PER_USER: number;
  MCP_PERSONA_SESSION_SHARE: number;
  MCP_SESSION_IDLE_MS: number;
  MCP_SESSION_EVICT_IDLE_MS?: number;
}

/** The session caps the environment names; `ordinary` is what is left of `total` after the personas' share. */
function sessionLimits(env: SessionEnv): SessionLimits {
  return {
    perUser: env.MCP_MAX_SESSIONS_PER_USER,
    total: env.MCP_MAX_SESSIONS,
    ordinary: env.MCP_MAX_SESSIONS - Math.floor(env.MCP_MAX_SESSIONS * env.MCP_PERSONA_SESSION_SHARE),
    evictIdleMs: env.MCP_SESSION_EVICT_IDLE_MS ?? Math.min(60_000, Math.floor(env.MCP_SESSION_IDLE_MS / 4)),
  };
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
