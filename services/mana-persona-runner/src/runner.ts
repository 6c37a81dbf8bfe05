import { createFifoLimit, createLogger, noTracing, type Logger, type Tracing } from '@mana/core';
import type { Hono } from 'hono';
import type { RunnerConfig } from './config';
import type { PersonaDriver } from './drivers/driver';
import { createInternalApi } from './clients/internal-api';
import { login, refreshLogin } from './clients/auth';
import { createSessionCache } from './clients/session-cache';
import { createRunnerMetrics } from './metrics/runner-metrics';
import { createDailyBudget } from './loop/daily-budget';
import { createScheduler, type Scheduler } from './loop/scheduler';
import { createSurfaceTracker } from './loop/surface-tracker';
import { createRunnerApp, type RunnerAppDeps } from './app';

export interface RunnerOptions {
  config: RunnerConfig;
  driver: PersonaDriver;
  log?: Logger;
  now?: () => Date;
  /** Spans per persona tick (default: off). */
  tracing?: Tracing;
}

/** A composed runner: its app, its loop (absent without a service key) and its shutdown. */
export interface Runner {
  app: Hono;
  deps: RunnerAppDeps;
  scheduler?: Scheduler;
  /** Starts the scheduler's pass loop (the first pass now) unless the loop is off. */
  start(): void;
  /** Drains for `deadlineMs` (default SHUTDOWN_DEADLINE_MS), aborts the rest, closes the driver. */
  shutdown(deadlineMs?: number): Promise<{ drained: boolean }>;
}

/** Wires config, clients, metrics, budget, scheduler and app; opens no port. */
export function createRunner(options: RunnerOptions): Runner {
  const { config, driver } = options;
  const log = options.log ?? createLogger('mana-persona-runner');
  const now = options.now ?? (() => new Date());
  const metrics = createRunnerMetrics();
  // One bound for every request of this runner to mana-auth (RUNNER_HTTP_CONCURRENCY); the others wait
  // inside their own time-out. Without it 1,000 slots opened ~1,000 connections at once: mana-auth's accept
  // queue (511) overflowed on a busy machine and requests failed with "fetch failed" instead of waiting.
  const limit = createFifoLimit(config.httpConcurrency);
  // Password logins queue apart (RUNNER_LOGIN_CONCURRENCY): 1,000 first logins queued in `limit` timed out there.
  const gate = createFifoLimit(config.loginConcurrency);
  const deps: RunnerAppDeps = {
    config,
    driver,
    api: config.serviceKey ? createInternalApi({ authUrl: config.authUrl, serviceKey: config.serviceKey, timeoutMs: config.httpTimeoutMs, limit }) : undefined,
    sessions: createSessionCache({
      personaSeedSecret: config.personaSeedSecret,
      // A persona's tick has PERSONA_TIMEOUT_MS in all; a busy mana-auth (503) is waited for within half of it.
      login: (credentials) => login(config.authUrl, credentials, { timeoutMs: config.httpTimeoutMs, limit, gate, retryWithinMs: config.timeoutMs / 2 }),
      refresh: (refreshToken) => refreshLogin(config.authUrl, refreshToken, { timeoutMs: config.httpTimeoutMs, limit }),
      now,
      onIssue: (method) => metrics.logins.inc({ method }),
    }),
    metrics,
    budget: createDailyBudget(config.dailyBudgetUsd, now),
    surfaces: createSurfaceTracker({ now, log, timeoutMs: config.driver.mcpTimeoutMs ?? config.httpTimeoutMs }),
    log,
    now,
    tracing: options.tracing ?? noTracing,
  };
  const api = deps.api;
  const scheduler = api ? createScheduler({ ...deps, api }) : undefined;
  deps.scheduler = scheduler;
  if (!scheduler) log.warn('MANA_SERVICE_KEY is not set: the pass loop is off; /health still answers');
  if (config.paused) log.warn('RUNNER_PAUSED is set: no persona will be claimed');

  return {
    app: createRunnerApp(deps),
    deps,
    scheduler,
    start: () => scheduler?.start(),
    async shutdown(deadlineMs = config.shutdownDeadlineMs) {
      const result = scheduler ? await scheduler.shutdown(deadlineMs) : { drained: true };
      await driver.close?.();
      return result;
    },
  };
}
