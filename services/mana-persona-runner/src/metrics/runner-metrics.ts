import { createMetricsRegistry, type Counter, type Gauge, type Histogram, type MetricsRegistry } from '@mana/core';

/** The runner's metrics; `/metrics` renders `registry`. */
export interface RunnerMetrics {
  registry: MetricsRegistry;
  /** Persona ticks by outcome: succeeded | failed. */
  ticks: Counter;
  /** Passes of the loop (one claim-and-play cycle) by outcome: completed | skipped_paused | skipped_budget_exhausted | skipped_shutting_down | claim_error. */
  passes: Counter;
  sessionSeconds: Histogram;
  toolCalls: Counter;
  tokens: Counter;
  costUsd: Counter;
  claimSeconds: Histogram;
  inFlight: Gauge;
  budgetExhausted: Gauge;
  budgetSpentUsd: Gauge;
  paused: Gauge;
}

/** Builds the runner's metric set on a fresh registry. */
export function createRunnerMetrics(): RunnerMetrics {
  const registry = createMetricsRegistry();
  return {
    registry,
    ticks: registry.counter('persona_runner_ticks_total', 'Persona ticks finished, by outcome.'),
    passes: registry.counter('persona_runner_passes_total', 'Passes of the runner loop (claim due ticks and play them), by outcome.'),
    sessionSeconds: registry.histogram('persona_runner_session_duration_seconds', 'Wall time of one persona session (login to completion), by outcome.', [
      0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600,
    ]),
    toolCalls: registry.counter('persona_runner_tool_calls_total', 'Tool calls made by personas, by tool and outcome (ok | error).'),
    tokens: registry.counter('persona_runner_tokens_total', 'LLM tokens used, by kind (input | output).'),
    costUsd: registry.counter('persona_runner_cost_usd_total', 'LLM cost in US dollars.'),
    claimSeconds: registry.histogram('persona_runner_claim_duration_seconds', 'Latency of POST /claim.', [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]),
    inFlight: registry.gauge('persona_runner_in_flight_sessions', 'Persona sessions running now.'),
    budgetExhausted: registry.gauge('persona_runner_daily_budget_exhausted', '1 while the daily USD budget is used up (claiming stopped).'),
    budgetSpentUsd: registry.gauge('persona_runner_daily_budget_spent_usd', 'US dollars spent in the current UTC day.'),
    paused: registry.gauge('persona_runner_paused', '1 while RUNNER_PAUSED is set.'),
  };
}
