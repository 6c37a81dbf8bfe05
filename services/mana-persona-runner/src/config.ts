import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { DEV_PERSONA_SEED_SECRET, DEV_SERVICE_KEY, envFlag, metricsEnv, metricsTokenOf, parseEnv, tracingConfig, tracingEnv, type TracingConfig } from '@mana/core';
import type { DayBudgets, DriverSettings, PersonaDriver } from './drivers/driver';
import { OFFLINE_POLICIES } from './drivers/offline/offline-policies';
import { parseMcpTargets, type McpTargets } from './targets/mcp-targets';

export { DEV_SERVICE_KEY };

const driverKinds = ['offline', 'claude-agent-sdk', 'anthropic', 'openai-compatible'] as const satisfies readonly PersonaDriver['name'][];

const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const nonNegativeInt = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3070),
    HOST: z.string().default('127.0.0.1'),
    MANA_AUTH_URL: z.string().url().optional(),
    MANA_MCP_URL: z.string().url().optional(),
    MANA_SERVICE_KEY: z.string().optional(),
    PERSONA_SEED_SECRET: z.string().optional(),
    PASS_INTERVAL_MS: z.coerce.number().int().min(100).optional(),
    /** The old name of PASS_INTERVAL_MS (a tick is a persona's slot), still read when the new one is unset. */
    TICK_INTERVAL_MS: z.coerce.number().int().min(100).optional(),
    PERSONA_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(4),
    RUNNER_PAUSED: z.string().optional(),
    RUNNER_ID: z.string().min(1).max(200).optional(),
    PERSONA_DRIVER: z.enum(driverKinds).optional(),
    PERSONA_MODEL: z.string().min(1).optional(),
    ANTHROPIC_API_KEY: z.string().optional(),
    ANTHROPIC_BASE_URL: z.string().url().default('https://api.anthropic.com'),
    OPENAI_BASE_URL: z.string().url().optional(),
    OPENAI_API_KEY: z.string().optional(),
    PERSONA_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(120_000),
    PERSONA_OFFLINE_DELAY_MS: nonNegativeInt(0),
    PERSONA_DRIVER_SEED: z.string().max(200).default(''),
    /** The offline driver's policy: `standard`, or the false-alarm drill's `variant` (a simulator change). */
    PERSONA_OFFLINE_POLICY: z.enum(OFFLINE_POLICIES).default('standard'),
    /** Days whose "now" is before this instant play the standard policy (the drill switches the simulator mid-run). */
    PERSONA_OFFLINE_POLICY_FROM: z.iso.datetime({ offset: true }).optional(),
    PERSONA_TIMEOUT_MS: positiveInt(600_000),
    RUNNER_HTTP_TIMEOUT_MS: positiveInt(60_000),
    /** Requests to mana-auth in flight at once; the rest wait inside their time-out. */
    RUNNER_HTTP_CONCURRENCY: positiveInt(32),
    /** Password logins at once; the rest wait their turn (mana-auth hashes a few at a time anyway). */
    RUNNER_LOGIN_CONCURRENCY: positiveInt(4),
    PERSONA_MCP_TIMEOUT_MS: positiveInt(60_000),
    PERSONA_LLM_TIMEOUT_MS: positiveInt(120_000),
    SHUTDOWN_DEADLINE_MS: nonNegativeInt(30_000),
    PERSONA_ABORT_GRACE_MS: nonNegativeInt(5_000),
    PERSONA_MAX_TURNS: positiveInt(12),
    PERSONA_MAX_TOOL_CALLS: positiveInt(10),
    PERSONA_MAX_TOKENS: nonNegativeInt(200_000),
    RUNNER_DAILY_BUDGET_USD: z.coerce.number().min(0).default(0),
    PERSONA_CLAIM_AHEAD: z.coerce.number().int().min(0).max(500).optional(),
    PERSONA_REPORT_BATCH: z.coerce.number().int().min(1).max(500).default(100),
    PERSONA_MCP_TARGETS: z.string().optional(),
    PERSONA_SCRATCH_DIR: z.string().optional(),
    ...tracingEnv,
    ...metricsEnv,
  })
  .superRefine((env, ctx) => {
    const driver = env.PERSONA_DRIVER ?? (env.ANTHROPIC_API_KEY ? 'claude-agent-sdk' : 'offline');
    if ((driver === 'anthropic' || driver === 'claude-agent-sdk') && !env.ANTHROPIC_API_KEY) {
      ctx.addIssue({ code: 'custom', path: ['ANTHROPIC_API_KEY'], message: `ANTHROPIC_API_KEY is required for PERSONA_DRIVER=${driver}` });
    }
    if (driver === 'openai-compatible' && !env.OPENAI_BASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['OPENAI_BASE_URL'], message: 'OPENAI_BASE_URL is required for PERSONA_DRIVER=openai-compatible' });
    }
    if (env.NODE_ENV !== 'production') return;
    const secrets = { MANA_SERVICE_KEY: DEV_SERVICE_KEY, PERSONA_SEED_SECRET: DEV_PERSONA_SEED_SECRET } as const;
    for (const [name, devValue] of Object.entries(secrets)) {
      const value = env[name as keyof typeof secrets];
      if (!value) ctx.addIssue({ code: 'custom', path: [name], message: `${name} is required when NODE_ENV=production` });
      else if (value === devValue) ctx.addIssue({ code: 'custom', path: [name], message: `${name} still has the development default; set a real secret` });
    }
    for (const name of ['MANA_AUTH_URL', 'MANA_MCP_URL'] as const) {
      if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: `${name} is required when NODE_ENV=production` });
    }
  });

/** The runner's configuration, parsed once. */
export interface RunnerConfig {
  /** OpenTelemetry traces (off unless OTEL_EXPORTER_OTLP_ENDPOINT is set). */
  tracing: TracingConfig;
  /** METRICS_TOKEN: when set, `GET /metrics` needs it as a bearer token. */
  metricsToken?: string;
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  authUrl: string;
  mcpUrl: string;
  /** Undefined: the loop stays off (with a warning) while `/health` keeps answering. */
  serviceKey?: string;
  personaSeedSecret: string;
  /** Time between the starts of two passes of the loop (claim due ticks, play them). */
  passIntervalMs: number;
  concurrency: number;
  /** Ticks claimed ahead of free slots so a freed slot restarts at once (default a fifth of the slots). */
  claimAhead: number;
  paused: boolean;
  runnerId: string;
  leaseMs: number;
  /** Per-persona session time-out (day + rating). */
  timeoutMs: number;
  /** Each call to mana-auth (claim, heartbeat, actions, feedback, complete, login) gives up after this. */
  httpTimeoutMs: number;
  /** Requests to mana-auth in flight at once (RUNNER_HTTP_CONCURRENCY). */
  httpConcurrency: number;
  /** Password logins of this runner in flight at once (RUNNER_LOGIN_CONCURRENCY). */
  loginConcurrency: number;
  shutdownDeadlineMs: number;
  /** After an abort, how long a driver may take to return what it has before the runner stops waiting. */
  abortGraceMs: number;
  budgets: DayBudgets;
  /** 0 = no daily budget. */
  dailyBudgetUsd: number;
  /** Actions are reported once this many are buffered (and at every heartbeat). */
  reportBatchSize: number;
  /** Foreign MCP servers; undefined = every persona plays mana-mcp. */
  mcpTargets?: McpTargets;
  driver: DriverSettings;
  /**
   * Mixed into every day's seed with the persona's e-mail and the slot (never
   * database ids, which differ between databases), so a population replays the
   * same days on a fresh database for the same seed.
   */
  driverSeed: string;
}

/** Reads the runner's configuration from an environment (default `process.env`). */
export function loadRunnerConfig(env: Record<string, string | undefined> = process.env): RunnerConfig {
  const parsed = parseEnv(schema, env);
  const kind = parsed.PERSONA_DRIVER ?? (parsed.ANTHROPIC_API_KEY ? 'claude-agent-sdk' : 'offline');
  return {
    env: parsed.NODE_ENV,
    tracing: tracingConfig(parsed),
    metricsToken: metricsTokenOf(parsed),
    port: parsed.PORT,
    host: parsed.HOST,
    authUrl: trimSlash(parsed.MANA_AUTH_URL ?? 'http://127.0.0.1:3001'),
    mcpUrl: parsed.MANA_MCP_URL ?? 'http://127.0.0.1:3069/mcp',
    serviceKey: parsed.MANA_SERVICE_KEY || undefined,
    personaSeedSecret: parsed.PERSONA_SEED_SECRET || DEV_PERSONA_SEED_SECRET,
    passIntervalMs: parsed.PASS_INTERVAL_MS ?? parsed.TICK_INTERVAL_MS ?? 60_000,
    concurrency: parsed.PERSONA_CONCURRENCY,
    claimAhead: parsed.PERSONA_CLAIM_AHEAD ?? Math.ceil(parsed.PERSONA_CONCURRENCY / 5),
    paused: envFlag(parsed.RUNNER_PAUSED),
    runnerId: parsed.RUNNER_ID ?? `${hostname()}-${process.pid}`,
    leaseMs: parsed.PERSONA_LEASE_MS,
    timeoutMs: parsed.PERSONA_TIMEOUT_MS,
    httpTimeoutMs: parsed.RUNNER_HTTP_TIMEOUT_MS,
    httpConcurrency: parsed.RUNNER_HTTP_CONCURRENCY,
    loginConcurrency: parsed.RUNNER_LOGIN_CONCURRENCY,
    shutdownDeadlineMs: parsed.SHUTDOWN_DEADLINE_MS,
    abortGraceMs: parsed.PERSONA_ABORT_GRACE_MS,
    budgets: { maxTurns: parsed.PERSONA_MAX_TURNS, maxToolCalls: parsed.PERSONA_MAX_TOOL_CALLS, maxTokens: parsed.PERSONA_MAX_TOKENS },
    dailyBudgetUsd: parsed.RUNNER_DAILY_BUDGET_USD,
    reportBatchSize: parsed.PERSONA_REPORT_BATCH,
    mcpTargets: parsed.PERSONA_MCP_TARGETS ? parseMcpTargets(parsed.PERSONA_MCP_TARGETS) : undefined,
    driverSeed: parsed.PERSONA_DRIVER_SEED,
    driver: {
      kind,
      model: parsed.PERSONA_MODEL,
      anthropicApiKey: parsed.ANTHROPIC_API_KEY || undefined,
      anthropicBaseUrl: trimSlash(parsed.ANTHROPIC_BASE_URL),
      openaiBaseUrl: parsed.OPENAI_BASE_URL,
      openaiApiKey: parsed.OPENAI_API_KEY || undefined,
      offlineDelayMs: parsed.PERSONA_OFFLINE_DELAY_MS,
      offlinePolicy: parsed.PERSONA_OFFLINE_POLICY,
      offlinePolicyFrom: parsed.PERSONA_OFFLINE_POLICY_FROM ? new Date(parsed.PERSONA_OFFLINE_POLICY_FROM) : undefined,
      mcpTimeoutMs: parsed.PERSONA_MCP_TIMEOUT_MS,
      llmTimeoutMs: parsed.PERSONA_LLM_TIMEOUT_MS,
      scratchDir: parsed.PERSONA_SCRATCH_DIR ?? join(tmpdir(), 'mana-persona-runner'),
    },
  };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
