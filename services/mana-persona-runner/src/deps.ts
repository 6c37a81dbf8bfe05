import type { Logger, Tracing } from '@mana/core';
import type { RunnerConfig } from './config';
import type { PersonaDriver } from './drivers/driver';
import type { InternalApi } from './clients/internal-api';
import type { SessionCache } from './clients/session-cache';
import type { RunnerMetrics } from './metrics/runner-metrics';
import type { DailyBudget } from './loop/daily-budget';
import type { SurfaceTracker } from './loop/surface-tracker';

/** What the loop and the app are built from; tests pass their own pieces. */
export interface RunnerDeps {
  config: RunnerConfig;
  driver: PersonaDriver;
  /** Undefined without MANA_SERVICE_KEY: the loop stays off. */
  api?: InternalApi;
  sessions: SessionCache;
  metrics: RunnerMetrics;
  budget: DailyBudget;
  /** The MCP surfaces this process saw and sent (each tick's surface hash; one copy per hash to mana-auth). */
  surfaces: SurfaceTracker;
  log: Logger;
  now: () => Date;
  /** One trace per persona tick: claim, login, the day (LLM turns, tool calls), rating, completion. */
  tracing: Tracing;
}
