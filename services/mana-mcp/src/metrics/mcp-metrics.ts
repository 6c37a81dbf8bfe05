import { Counter, createServiceRegistry, Gauge, Histogram, type Registry } from '@mana/core';

/** How one tool call ended; the `outcome` label of `mana_mcp_tool_calls_total`. */
export type CallOutcome = 'ok' | 'tool_error' | 'invalid_input' | 'rate_limited' | 'budget_exhausted' | 'fault' | 'internal_error';

/** The metrics mana-mcp exposes on `/metrics` (prom-client, one registry per app). */
export interface McpMetrics {
  registry: Registry;
  toolCalls: Counter<'tool' | 'outcome'>;
  toolDuration: Histogram<'tool'>;
  policyDecisions: Counter<'policy' | 'decision'>;
  injectionFlags: Counter<'tool' | 'pattern'>;
  sessionsClosed: Counter<'reason'>;
  httpRejections: Counter<'status'>;
}

/**
 * Registers mana-mcp's metrics; `activeSessions` is read at scrape time (NaN
 * when it cannot be: the database did not answer). It counts the sessions of
 * every replica (one shared table), so a dashboard takes the max over replicas, not the sum.
 */
export function createMcpMetrics(activeSessions: () => number | undefined | Promise<number | undefined>): McpMetrics {
  const registry = createServiceRegistry();
  const registers = [registry];
  new Gauge({
    name: 'mana_mcp_active_sessions',
    help: 'Open MCP sessions of all replicas together (not idle-expired), counted at scrape time.',
    registers,
    async collect() {
      this.set((await activeSessions()) ?? Number.NaN);
    },
  });
  return {
    registry,
    toolCalls: new Counter({ name: 'mana_mcp_tool_calls_total', help: 'Tool invocations over MCP by tool and outcome.', labelNames: ['tool', 'outcome'], registers }),
    toolDuration: new Histogram({
      name: 'mana_mcp_tool_call_duration_seconds',
      help: 'Tool call duration inside mana-mcp, by tool.',
      labelNames: ['tool'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    policyDecisions: new Counter({ name: 'mana_mcp_policy_decisions_total', help: 'Policy gate decisions by policy and decision.', labelNames: ['policy', 'decision'], registers }),
    injectionFlags: new Counter({
      name: 'mana_mcp_injection_flags_total',
      help: 'Tool inputs flagged for prompt-injection patterns, by tool and pattern.',
      labelNames: ['tool', 'pattern'],
      registers,
    }),
    sessionsClosed: new Counter({ name: 'mana_mcp_sessions_closed_total', help: 'MCP sessions closed, by reason.', labelNames: ['reason'], registers }),
    httpRejections: new Counter({
      name: 'mana_mcp_http_rejections_total',
      help: 'Requests to /mcp refused before reaching a session, by status.',
      labelNames: ['status'],
      registers,
    }),
  };
}
