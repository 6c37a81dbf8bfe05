import { Counter, createServiceRegistry, Gauge, Histogram, type Registry } from '@mana/core';

/** The runner's metrics (prom-client, one registry per runner); `/metrics` renders `registry`. */
export interface RunnerMetrics {
  registry: Registry;
  /** Persona ticks by outcome: succeeded | failed. */
  ticks: Counter<'outcome'>;
  /** Passes of the loop (one claim-and-play cycle) by outcome: completed | skipped_paused | skipped_budget_exhausted | skipped_shutting_down | claim_error. */
  passes: Counter<'outcome'>;
  sessionSeconds: Histogram<'outcome'>;
  toolCalls: Counter<'tool' | 'outcome'>;
  /** Access tokens obtained, by method: password (a login) | refresh (a refresh token). */
  logins: Counter<'method'>;
  tokens: Counter<'kind'>;
  costUsd: Counter;
  claimSeconds: Histogram;
  inFlight: Gauge;
  budgetExhausted: Gauge;
  budgetSpentUsd: Gauge;
  paused: Gauge;
}

/** Builds the runner's metric set on a fresh registry (with the default process metrics). */
export function createRunnerMetrics(): RunnerMetrics {
  const registry = createServiceRegistry();
  const registers = [registry];
  return {
    registry,
    ticks: new Counter({ name: 'persona_runner_ticks_total', help: 'Persona ticks finished, by outcome.', labelNames: ['outcome'], registers }),
    passes: new Counter({
      name: 'persona_runner_passes_total',
      help: 'Passes of the runner loop (claim due ticks and play them), by outcome.',
      labelNames: ['outcome'],
      registers,
    }),
    sessionSeconds: new Histogram({
      name: 'persona_runner_session_duration_seconds',
      help: 'Wall time of one persona session (login to completion), by outcome.',
      labelNames: ['outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
      registers,
    }),
    toolCalls: new Counter({
      name: 'persona_runner_tool_calls_total',
      help: 'Tool calls made by personas, by tool and outcome (ok | error).',
      labelNames: ['tool', 'outcome'],
      registers,
    }),
    logins: new Counter({ name: 'persona_runner_logins_total', help: 'Access tokens obtained for personas, by method (password | refresh).', labelNames: ['method'], registers }),
    tokens: new Counter({ name: 'persona_runner_tokens_total', help: 'LLM tokens used, by kind (input | output).', labelNames: ['kind'], registers }),
    costUsd: new Counter({ name: 'persona_runner_cost_usd_total', help: 'LLM cost in US dollars.', registers }),
    claimSeconds: new Histogram({
      name: 'persona_runner_claim_duration_seconds',
      help: 'Latency of POST /claim.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    inFlight: new Gauge({ name: 'persona_runner_in_flight_sessions', help: 'Persona sessions running now.', registers }),
    budgetExhausted: new Gauge({ name: 'persona_runner_daily_budget_exhausted', help: '1 while the daily USD budget is used up (claiming stopped).', registers }),
    budgetSpentUsd: new Gauge({ name: 'persona_runner_daily_budget_spent_usd', help: 'US dollars spent in the current UTC day.', registers }),
    paused: new Gauge({ name: 'persona_runner_paused', help: '1 while RUNNER_PAUSED is set.', registers }),
  };
}
