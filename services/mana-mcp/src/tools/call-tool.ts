import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAppError, type ErrorCode, type Logger, type Tracing } from '@mana/core';
import type { Db } from '@mana/db';
import type { ToolDefinition, ToolRegistry } from '@mana/tools';
import type { Principal } from '../auth/authenticate';
import { emptyResult } from '../faults/empty-result';
import type { FaultInjector } from '../faults/fault-injector';
import type { CallOutcome, McpMetrics } from '../metrics/mcp-metrics';
import { consumeDailyBudget } from '../policy/daily-budget';
import { detectInjection } from '../policy/injection-detector';
import type { RateDecision, RateLimiter } from '../policy/rate-limiter';
import { assertTextWithinLimit } from '../policy/text-limit';

/** Outcome label for the AppError codes that are not plain tool errors (NOT_FOUND, CONFLICT, ...). */
const outcomeOf: Partial<Record<ErrorCode, CallOutcome>> = { VALIDATION: 'invalid_input', INTERNAL: 'internal_error', RATE_LIMITED: 'rate_limited' };

/** Everything one tool call needs; built once per app. */
export interface ToolCallDeps {
  registry: ToolRegistry;
  db: Db;
  log: Logger;
  now: () => Date;
  rateLimiter: RateLimiter;
  faults: FaultInjector;
  metrics: McpMetrics;
  tracing: Tracing;
}

/** One tool call: the tool, its (SDK-validated) arguments, who calls; `rate` when the endpoint already took the rate-limit decision. */
export interface ToolCall {
  tool: ToolDefinition;
  args: unknown;
  principal: Principal;
  /** The rate-limit decision for this call, taken in the statement that resumed its session (`rateKeyOf`). */
  rate?: RateDecision;
}

/** The rate-limit key of a tool call: per user and tool. */
export function rateKeyOf(userId: string, toolName: string): string {
  return `${userId}:${toolName}`;
}

/** A tool call's result: structured output, or a message the model can read and act on. */
export type ToolCallResult = { ok: true; structured: Record<string, unknown> } | { ok: false; outcome: CallOutcome; message: string };

/**
 * One tool call through the policy gate, transport-free, in this order: rate
 * limit (per user and tool; decided here, or already by the endpoint in the
 * statement that resumed the session, see `ToolCall.rate`), 10,000-character text limit, injection flagging
 * (logged and counted, never blocking), daily budget (counts attempts that got
 * this far, so an injected or handler failure still uses a unit), injected
 * faults, then the registry (which validates input and output). Never throws:
 * every failure becomes a readable message, unknown errors a generic one
 * (logged in full).
 */
export async function callTool(deps: ToolCallDeps, call: ToolCall): Promise<ToolCallResult> {
  const { tool } = call;
  // GenAI semantic conventions: the execution of a tool, named `execute_tool <name>`.
  const attributes = { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': tool.name, 'mana.module': tool.module };
  return deps.tracing.span(`execute_tool ${tool.name}`, { attributes }, async (span) => {
    const result = await measuredCall(deps, call);
    span.setAttributes({ 'mana.outcome': result.ok ? 'ok' : result.outcome });
    if (!result.ok) span.fail(result.message);
    return result;
  });
}

async function measuredCall(deps: ToolCallDeps, call: ToolCall): Promise<ToolCallResult> {
  const started = performance.now();
  const { tool, principal } = call;
  const result = await runGated(deps, call).catch((error: unknown): ToolCallResult => {
    if (isAppError(error)) return { ok: false, outcome: outcomeOf[error.code] ?? 'tool_error', message: error.message };
    deps.log.error('tool call failed', { tool: tool.name, userId: principal.userId, spaceId: principal.spaceId, error: String((error as Error)?.stack ?? error) });
    return { ok: false, outcome: 'internal_error', message: `${tool.name} failed unexpectedly; the error was logged. Try again later.` };
  });
  deps.metrics.toolCalls.inc({ tool: tool.name, outcome: result.ok ? 'ok' : result.outcome });
  deps.metrics.toolDuration.observe({ tool: tool.name }, (performance.now() - started) / 1000);
  return result;
}

async function runGated(deps: ToolCallDeps, call: ToolCall): Promise<ToolCallResult> {
  const { tool, args, principal } = call;
  const now = deps.now();

  const rate = call.rate ?? (await deps.rateLimiter.check(rateKeyOf(principal.userId, tool.name), now.getTime()));
  deps.metrics.policyDecisions.inc({ policy: 'rate_limit', decision: rate.allowed ? 'allow' : 'deny' });
  if (!rate.allowed) {
    const seconds = Math.ceil(rate.retryAfterMs / 1000);
    return { ok: false, outcome: 'rate_limited', message: `rate limited: ${tool.name} was called too often in the last minute; try again in ${seconds} s.` };
  }

  assertTextWithinLimit(args);
  for (const flag of detectInjection(args)) {
    deps.metrics.injectionFlags.inc({ tool: tool.name, pattern: flag.pattern });
    deps.log.warn('possible prompt injection in tool input', { tool: tool.name, userId: principal.userId, spaceId: principal.spaceId, ...flag });
  }

  if (tool.dailyBudget !== undefined) {
    const allowed = await consumeDailyBudget(deps.db, { spaceId: principal.spaceId, toolName: tool.name, now, limit: tool.dailyBudget });
    deps.metrics.policyDecisions.inc({ policy: 'daily_budget', decision: allowed ? 'allow' : 'deny' });
    if (!allowed) {
      return {
        ok: false,
        outcome: 'budget_exhausted',
        message: `daily budget exhausted: ${tool.name} may run ${tool.dailyBudget} times per space and day (UTC); try again tomorrow.`,
      };
    }
  }

  const plan = deps.faults.plan(tool.name, { caller: principal.email ?? principal.userId, at: now });
  if (plan.latencyMs > 0) await sleep(plan.latencyMs);
  if (plan.fail) return { ok: false, outcome: 'fault', message: `${tool.name} failed (injected fault from MCP_FAULTS). Nothing was changed; try again.` };

  const ctx = { userId: principal.userId, spaceId: principal.spaceId, db: deps.db, log: deps.log.child({ tool: tool.name }), now: deps.now, timeZone: principal.timeZone };
  const structured = await deps.registry.invoke(tool.name, args, ctx);
  if (!plan.empty) return { ok: true, structured };
  return { ok: true, structured: emptyResult(structured, tool.output).result };
}
