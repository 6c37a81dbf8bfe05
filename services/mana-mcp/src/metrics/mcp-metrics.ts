import { createMetricsRegistry, type Counter, type Histogram, type MetricsRegistry } from '@mana/core';

/** How one tool call ended; the `outcome` label of `mana_mcp_tool_calls_total`. */
export type CallOutcome = 'ok' | 'tool_error' | 'invalid_input' | 'rate_limited' | 'budget_exhausted' | 'fault' | 'internal_error';

/** The metrics mana-mcp exposes on `/metrics`. */
export interface McpMetrics {
  registry: MetricsRegistry;
  toolCalls: Counter;
  toolDuration: Histogram;
  policyDecisions: Counter;
  injectionFlags: Counter;
  sessionsClosed: Counter;
  httpRejections: Counter;
}

/** Registers mana-mcp's metrics; `activeSessions` is read at scrape time. */
export function createMcpMetrics(activeSessions: () => number): McpMetrics {
  const registry = createMetricsRegistry();
  registry.gauge('mana_mcp_active_sessions', 'Open MCP sessions.', activeSessions);
  return {
    registry,
    toolCalls: registry.counter('mana_mcp_tool_calls_total', 'Tool invocations over MCP by tool and outcome.'),
    toolDuration: registry.histogram('mana_mcp_tool_call_duration_seconds', 'Tool call duration inside mana-mcp, by tool.', [
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
    ]),
    policyDecisions: registry.counter('mana_mcp_policy_decisions_total', 'Policy gate decisions by policy and decision.'),
    injectionFlags: registry.counter('mana_mcp_injection_flags_total', 'Tool inputs flagged for prompt-injection patterns, by tool and pattern.'),
    sessionsClosed: registry.counter('mana_mcp_sessions_closed_total', 'MCP sessions closed, by reason.'),
    httpRejections: registry.counter('mana_mcp_http_rejections_total', 'Requests to /mcp refused before reaching a session, by status.'),
  };
}
