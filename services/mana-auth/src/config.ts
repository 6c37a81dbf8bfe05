import { z } from 'zod';
import { DEV_PERSONA_SEED_SECRET, DEV_SERVICE_KEY, envFlag, metricsEnv, metricsTokenOf, parseEnv, tracingConfig, tracingEnv, type TracingConfig } from '@mana/core';
import { checkReportSchedule } from '@mana/insights';
import { defaultPasswordConcurrency } from './session/password-gate';

/** Development defaults; production refuses every one of them. */
export const DEV_AUTH_SECRET = 'mana-dev-better-auth-secret-change-me-0123456789';
export { DEV_SERVICE_KEY };

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3001),
    HOST: z.string().default('127.0.0.1'),
    /** Public URL of mana-auth (JWT issuer, Better Auth base URL). */
    MANA_AUTH_URL: z.string().url().optional(),
    DATABASE_URL: z.string().optional(),
    /** PostgreSQL connections this process holds at most (every process's pool counts against max_connections). */
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
    DATABASE_PREPARED_STATEMENTS: z.enum(['0', '1']).default('1'),
    MANA_DATA_DIR: z.string().optional(),
    BETTER_AUTH_SECRET: z.string().min(32).optional(),
    MANA_SERVICE_KEY: z.string().min(16).optional(),
    PERSONA_SEED_SECRET: z.string().min(16).optional(),
    JWT_TTL_SECONDS: z.coerce.number().int().min(30).max(900).default(900),
    /** Lifetime of a login's refresh token (a revocable session); default 7 days, at most 90. */
    REFRESH_TOKEN_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(90 * 86_400)
      .default(7 * 86_400),
    MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(2 * 1024 * 1024),
    AUTH_DISABLE_SIGNUP: z.string().optional(),
    /** Extra origins (comma-separated) that may post credentials; MANA_AUTH_URL's origin always may. */
    AUTH_TRUSTED_ORIGINS: z.string().optional(),
    /** Header whose right-most value is the client address (set behind a proxy, e.g. x-forwarded-for). */
    AUTH_CLIENT_IP_HEADER: z.string().min(1).optional(),
    /** Sign-ups allowed per client address per hour before back-off. */
    AUTH_SIGNUPS_PER_HOUR: z.coerce.number().int().min(1).default(20),
    /** Password hashes (scrypt) computed at once; default the cores, at most 3 (session/password-gate.ts). */
    AUTH_PASSWORD_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
    /** Password hashes waiting for a slot; beyond it a login or sign-up gets 503 with Retry-After. */
    AUTH_PASSWORD_QUEUE: z.coerce.number().int().min(0).max(100_000).default(64),
    /** Days a tick's record (the day's transcript) is kept; actions and ratings stay. */
    PERSONA_RECORD_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    REPORT_CRON: z.string().trim().min(1).default('0 7 * * *'),
    REPORT_TIME_ZONE: z.string().trim().min(1).default('UTC'),
    REPORT_PERIOD: z
      .string()
      .trim()
      .regex(/^[1-9][0-9]{0,4}[mhdw]$/, 'a length such as 7d or 24h')
      .default('7d'),
    REPORT_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
    ...tracingEnv,
    ...metricsEnv,
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    const required = { BETTER_AUTH_SECRET: DEV_AUTH_SECRET, MANA_SERVICE_KEY: DEV_SERVICE_KEY, PERSONA_SEED_SECRET: DEV_PERSONA_SEED_SECRET, MANA_AUTH_URL: undefined } as const;
    for (const [name, devValue] of Object.entries(required)) {
      const value = env[name as keyof typeof env];
      if (!value) ctx.addIssue({ code: 'custom', path: [name], message: `${name} is required when NODE_ENV=production` });
      else if (value === devValue) ctx.addIssue({ code: 'custom', path: [name], message: `${name} still has the development default; set a real secret` });
    }
  });

/** mana-auth's configuration, parsed once. */
export interface AuthConfig {
  /** OpenTelemetry traces (off unless OTEL_EXPORTER_OTLP_ENDPOINT is set). */
  tracing: TracingConfig;
  /** METRICS_TOKEN: when set, `GET /metrics` needs it as a bearer token. */
  metricsToken?: string;
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  baseUrl: string;
  databaseUrl?: string;
  /** node-postgres pool size (DATABASE_POOL_MAX). */
  databasePoolMax: number;
  /** Parameterized statements as named (prepared) statements (DATABASE_PREPARED_STATEMENTS, default on). */
  databasePreparedStatements: boolean;
  dataDir?: string;
  authSecret: string;
  serviceKey: string;
  personaSeedSecret: string;
  jwtTtlSeconds: number;
  refreshTtlSeconds: number;
  maxBodyBytes: number;
  disableSignUp: boolean;
  /** Origins allowed to post credentials (MANA_AUTH_URL's origin first); outside production every loopback origin too (`http/trusted-origins.ts`). */
  trustedOrigins: string[];
  clientIpHeader?: string;
  signUpsPerHour: number;
  /** Password hashes at once and waiting (session/password-gate.ts). */
  passwordGate: { concurrency: number; maxQueue: number };
  /** Records older than this many days are deleted by the retention job (hourly). */
  recordRetentionDays: number;
  /** The scheduled report; `cron: null` (REPORT_CRON=off) turns it off. */
  report: { cron: string | null; timeZone: string; period: string; webhookUrl?: string };
  /** Better Auth's origin check; on except under NODE_ENV=test (Better Auth's own default), where tests switch it on. */
  originCheck: boolean;
}

/** Reads mana-auth's configuration from an environment (default `process.env`). */
export function loadAuthConfig(env: Record<string, string | undefined> = process.env): AuthConfig {
  const parsed = parseEnv(schema, env);
  const baseUrl = parsed.MANA_AUTH_URL ?? `http://localhost:${parsed.PORT}`;
  if (parsed.REPORT_CRON !== 'off') checkReportSchedule({ cron: parsed.REPORT_CRON, timeZone: parsed.REPORT_TIME_ZONE });
  return {
    env: parsed.NODE_ENV,
    tracing: tracingConfig(parsed),
    metricsToken: metricsTokenOf(parsed),
    port: parsed.PORT,
    host: parsed.HOST,
    baseUrl,
    databaseUrl: parsed.DATABASE_URL || undefined,
    databasePoolMax: parsed.DATABASE_POOL_MAX,
    databasePreparedStatements: parsed.DATABASE_PREPARED_STATEMENTS === '1',
    dataDir: parsed.MANA_DATA_DIR,
    authSecret: parsed.BETTER_AUTH_SECRET ?? DEV_AUTH_SECRET,
    serviceKey: parsed.MANA_SERVICE_KEY ?? DEV_SERVICE_KEY,
    personaSeedSecret: parsed.PERSONA_SEED_SECRET ?? DEV_PERSONA_SEED_SECRET,
    jwtTtlSeconds: parsed.JWT_TTL_SECONDS,
    refreshTtlSeconds: parsed.REFRESH_TOKEN_TTL_SECONDS,
    maxBodyBytes: parsed.MAX_BODY_BYTES,
    disableSignUp: envFlag(parsed.AUTH_DISABLE_SIGNUP),
    trustedOrigins: trustedOrigins(baseUrl, parsed.AUTH_TRUSTED_ORIGINS),
    clientIpHeader: parsed.AUTH_CLIENT_IP_HEADER?.toLowerCase(),
    signUpsPerHour: parsed.AUTH_SIGNUPS_PER_HOUR,
    passwordGate: { concurrency: parsed.AUTH_PASSWORD_CONCURRENCY ?? defaultPasswordConcurrency(), maxQueue: parsed.AUTH_PASSWORD_QUEUE },
    recordRetentionDays: parsed.PERSONA_RECORD_RETENTION_DAYS,
    report: {
      cron: parsed.REPORT_CRON === 'off' ? null : parsed.REPORT_CRON,
      timeZone: parsed.REPORT_TIME_ZONE,
      period: parsed.REPORT_PERIOD,
      webhookUrl: parsed.REPORT_WEBHOOK_URL || undefined,
    },
    originCheck: parsed.NODE_ENV !== 'test',
  };
}

function trustedOrigins(baseUrl: string, extra: string | undefined): string[] {
  const listed = (extra ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
    .map((o) => new URL(o).origin);
  return [...new Set([new URL(baseUrl).origin, ...listed])];
}
