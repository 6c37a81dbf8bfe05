export { loadRunnerConfig, DEV_SERVICE_KEY } from './config';
export type { RunnerConfig } from './config';
export type { RunnerAppDeps } from './app';
export { createRunner } from './runner';
export type { Runner, RunnerOptions } from './runner';
export { startRunner } from './server';
export { createDriver } from './drivers/create-driver';
export { OFFLINE_POLICIES, OFFLINE_POLICY_VERSION, OFFLINE_VARIANT_POLICY_VERSION } from './drivers/offline/offline-policies';
export type { OfflinePolicyName } from './drivers/offline/offline-policies';
export type { RunningRunner, StartRunnerOptions } from './server';
export type { RunnerDeps } from './deps';
export type { PassSummary } from './loop/pass';
export type { SessionOutcome } from './loop/persona-session';
export type {
  PersonaDriver,
  DayContext,
  DayResult,
  DriverSettings,
  RecordedAction,
  RatingResult,
  ModuleRating,
  McpTarget,
  DayBudgets,
  Termination,
} from './drivers/driver';
export { createRunnerMetrics } from './metrics/runner-metrics';
export type { RunnerMetrics } from './metrics/runner-metrics';
export { sharedValidator } from './drivers/offline/cached-validator';
export { keepAliveFetch } from './clients/keep-alive';
export { listAllTools } from './clients/list-all-tools';
