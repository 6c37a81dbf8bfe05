import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { addUsage, boundedUsage, clampRating, cutText, ZERO_USAGE, type Claim, type CompleteRequest, type FeedbackReport, type ToolSurface, type Usage } from '@mana/contracts';
import { isAppError, requestIdHeaders, traceHeaders, withRequestContext, type SpanLink, type Tracing } from '@mana/core';
import { manaRegistry } from '@mana/tools';
import type { DayContext, DayResult, RatingResult, RecordedAction } from '../drivers/driver';
import type { InternalApi } from '../clients/internal-api';
import type { RunnerDeps } from '../deps';
import { buildTickRecord } from '../record/build-record';
import { secretsOf } from '../record/secrets';
import { resolveTarget } from '../targets/mcp-targets';
import { createActionReporter, type ActionReporter } from './action-reporter';
import { startHeartbeat } from './heartbeat';
import { abortReason, settleWithin } from './abort';
import { seenSurface, tickFingerprint } from './tick-fingerprint';

/** How one persona's tick ended, as the loop summarises it. */
export interface SessionOutcome {
  tickId: string;
  personaId: string;
  email: string;
  status: 'succeeded' | 'failed';
  actions: number;
  /** Of those, the calls that answered an error. */
  toolErrors: number;
  ratings: number;
  error?: string;
  durationMs: number;
  costUsd: number;
  /** False when `/complete` itself failed: the lease then expires and the tick is claimed again. */
  completed: boolean;
}

const USABLE_ENDINGS = new Set(['completed', 'max_turns', 'max_tool_calls', 'token_cap']);

/**
 * One persona's tick: log in (cached), build the day's context, live the day with an
 * abort signal and a time-out, report actions as they happen, rate the day, and
 * complete the tick in one call. Never throws: every failure ends as a failed tick.
 */
export async function runPersonaSession(deps: RunnerDeps & { api: InternalApi }, claim: Claim, shutdown: AbortSignal, claimed?: ClaimSpan): Promise<SessionOutcome> {
  const attributes = {
    'mana.tick.id': claim.tickId,
    'mana.tick.attempt': claim.attempt,
    'mana.tick.slot': claim.slot,
    'mana.persona.id': claim.persona.userId,
    'mana.driver': deps.driver.name,
  };
  const links = claimed?.link ? [claimed.link] : undefined;
  // One trace per tick, from the claim that took it to its completion.
  // One request id per tick: every log line of the tick and every call it makes to mana-auth and mana-mcp carry it.
  return withRequestContext({ requestId: randomUUID() }, () =>
    deps.tracing.span('persona_tick', { root: true, attributes, startTime: claimed?.startTime, links }, async (span) => {
      if (claimed) deps.tracing.record('claim', { kind: 'client', startTime: claimed.startTime, endTime: claimed.endTime, links });
      const outcome = await playTick(deps, claim, shutdown);
      span.setAttributes({ 'mana.tick.status': outcome.status, 'mana.tick.actions': outcome.actions });
      if (outcome.status === 'failed') span.fail(outcome.error ?? 'failed');
      return outcome;
    }),
  );
}

/** When and in which request the tick was claimed (claims come in batches, each its own short trace). */
export interface ClaimSpan {
  startTime: number;
  endTime: number;
  link?: SpanLink;
}

async function playTick(deps: RunnerDeps & { api: InternalApi }, claim: Claim, shutdown: AbortSignal): Promise<SessionOutcome> {
  const { config, driver, api, metrics, log, tracing } = deps;
  const started = performance.now();
  const persona = claim.persona;
  const slog = log.child({ tickId: claim.tickId, persona: persona.email });
  const controller = new AbortController();
  // The MCP SDK client adds an abort listener per request and keeps it until the signal dies; this
  // signal lives for one session only, so the listeners go with it (no warning per 11th call).
  setMaxListeners(0, controller.signal);
  const timer = setTimeout(() => controller.abort(new DOMException(`timed out after ${config.timeoutMs} ms`, 'TimeoutError')), config.timeoutMs);
  const onShutdown = () => controller.abort(new Error('aborted: runner shutting down'));
  if (shutdown.aborted) onShutdown();
  else shutdown.addEventListener('abort', onShutdown, { once: true });

  const reporter = createActionReporter({ api, personaId: persona.userId, tickId: claim.tickId, attempt: claim.attempt, batchSize: config.reportBatchSize, log: slog });
  const record = (action: RecordedAction) => {
    if (reporter.add(action)) metrics.toolCalls.inc({ tool: action.toolName, outcome: action.result });
  };
  const heartbeat = startHeartbeat({ api, claim, config, reporter, onLeaseLost: (message) => controller.abort(new Error(message)), log: slog });

  let usage: Usage = ZERO_USAGE;
  let request: Omit<CompleteRequest, 'usage' | 'actions'>;
  const dayStartedAt = deps.now();
  let ctx: DayContext | undefined;
  let day: DayResult | undefined;
  let rating: { answer: string; at: Date } | undefined;
  let listedTools: readonly unknown[] | undefined;
  let surface: ToolSurface | undefined;
  try {
    ctx = await buildContext(deps, claim, controller.signal, record, (tools) => {
      listedTools = tools;
    });
    const dayCtx = ctx;
    day = await tracing.span('day', {}, async (span) => {
      const lived = await settleWithin(driver.runDay(withTraceContext(dayCtx, tracing, config.tracing.tracesUrl)), controller.signal, config.abortGraceMs);
      span.setAttributes({
        'mana.day.termination': lived.termination,
        'mana.day.actions': lived.actions.length,
        'gen_ai.usage.input_tokens': lived.usage.inputTokens,
        'gen_ai.usage.output_tokens': lived.usage.outputTokens,
      });
      return lived;
    });
    day.actions.forEach(record);
    usage = addUsage(usage, day.usage);
    if (controller.signal.aborted) throw abortReason(controller.signal);
    if (!USABLE_ENDINGS.has(day.termination)) throw new Error(day.error ?? `day ended: ${day.termination}`);
    surface = await seenSurface(deps.surfaces, dayCtx, listedTools, controller.signal);
    const lived = day;
    const feedback = await tracing.span('rating', {}, () => rate(deps, withTraceContext(dayCtx, tracing, config.tracing.tracesUrl), lived, controller.signal));
    usage = addUsage(usage, feedback.usage);
    rating = { answer: feedback.raw, at: deps.now() };
    request = { status: 'succeeded', feedback: feedback.rows, driver: driver.name, model: day.model || driver.model };
  } catch (error) {
    const message = controller.signal.aborted ? abortReason(controller.signal).message : (error as Error).message;
    slog.warn('persona tick failed', { error: message });
    // A revoked or rejected JWT is one possible cause: the next tick logs in afresh.
    deps.sessions.invalidate(persona.email);
    request = { status: 'failed', driver: driver.name, model: driver.model, error: cutText(message, 8_000) };
  } finally {
    clearTimeout(timer);
    shutdown.removeEventListener('abort', onShutdown);
    heartbeat.stop();
  }

  // The day's record goes with the completion (one transaction): what was said and done, redacted and capped.
  const tickRecord = buildTickRecord({
    driver: request.driver,
    model: request.model ?? driver.model,
    startedAt: dayStartedAt,
    endedAt: deps.now(),
    day,
    failure: request.status === 'failed' ? request.error : undefined,
    rating,
    secrets: secretsOf(config, persona.email, ctx?.mcp),
  });
  // What played the day: the driver's prompts and policy, and the MCP surface the persona saw (sent once per runner).
  // A failed day keeps the surface its driver listed; the runner lists one itself for played days only.
  const simulator = tickFingerprint(deps, ctx ?? { now: dayStartedAt }, surface ?? (listedTools ? deps.surfaces.surfaceOf(listedTools) : undefined));
  // The attempt makes a late completion (this lease expired and the tick was reclaimed) a CONFLICT, not a close of the new attempt.
  const completion = { ...request, ...simulator, usage: boundedUsage(usage), runnerId: config.runnerId, attempt: claim.attempt, record: tickRecord };
  const completed = await tracing.span('complete', { kind: 'client' }, () => complete(api, reporter, claim, completion, slog));
  if (completed.surfaceSent && simulator.surface) deps.surfaces.landed(simulator.surface.hash);
  const durationMs = performance.now() - started;
  metrics.ticks.inc({ outcome: completed.status });
  metrics.sessionSeconds.observe({ outcome: completed.status }, durationMs / 1000);
  metrics.tokens.inc({ kind: 'input' }, usage.inputTokens);
  metrics.tokens.inc({ kind: 'output' }, usage.outputTokens);
  metrics.costUsd.inc(usage.costUsd);
  deps.budget.add(usage.costUsd);
  return {
    tickId: claim.tickId,
    personaId: persona.userId,
    email: persona.email,
    status: completed.status,
    actions: reporter.count(),
    toolErrors: reporter.errors(),
    ratings: completed.status === 'succeeded' && !completed.withoutFeedback ? (request.feedback?.filter((f) => f.status === 'rated').length ?? 0) : 0,
    error: request.error ?? completed.error,
    durationMs,
    costUsd: usage.costUsd,
    completed: completed.closed,
  };
}

/** The seed of one persona's day: the configured seed, its e-mail and the slot (stable across databases, unlike ids). */
function daySeed(driverSeed: string, claim: Claim): string {
  return [driverSeed, claim.persona.email.toLowerCase(), claim.slot].join('|');
}

async function buildContext(
  deps: RunnerDeps,
  claim: Claim,
  signal: AbortSignal,
  onAction: (a: RecordedAction) => void,
  onToolsListed: (tools: readonly unknown[]) => void,
): Promise<DayContext> {
  const { config } = deps;
  const base = {
    persona: claim.persona,
    tickId: claim.tickId,
    attempt: claim.attempt,
    budgets: config.budgets,
    signal,
    now: deps.now(),
    clock: deps.now,
    seed: daySeed(config.driverSeed, claim),
    onAction,
    onToolsListed,
  };
  if (config.mcpTargets) return { ...base, ...resolveTarget(config.mcpTargets, claim.persona.email) };
  const session = await deps.tracing.span('login', { kind: 'client' }, () => deps.sessions.get(claim.persona.email, claim.persona.userId));
  return {
    ...base,
    mcp: {
      url: config.mcpUrl,
      headers: { Authorization: `Bearer ${session.accessToken}`, 'X-Mana-Space': session.spaceId, 'X-Mana-Time-Zone': claim.persona.timeZone, ...requestIdHeaders() },
    },
    moduleOf: (toolName) => manaRegistry.moduleOf(toolName) ?? 'unknown',
  };
}

/**
 * The day as the driver sees it inside the active span: MCP requests carry its
 * `traceparent` (so mana-mcp's tool spans sit under it), and drivers with their own
 * OpenTelemetry hooks get the tracer. Unchanged when tracing is off.
 */
function withTraceContext(ctx: DayContext, tracing: Tracing, tracesUrl: string | undefined): DayContext {
  if (!tracing.enabled) return ctx;
  const headers = traceHeaders();
  return { ...ctx, mcp: { ...ctx.mcp, headers: { ...ctx.mcp.headers, ...headers } }, telemetry: { tracer: tracing.tracer(), traceparent: headers.traceparent, tracesUrl } };
}

/** The rating turn; a failing turn becomes `parse_error` rows so operators see it, never a rating. */
async function rate(deps: RunnerDeps, ctx: DayContext, day: DayResult, signal: AbortSignal): Promise<{ rows: FeedbackReport[]; usage: Usage; raw: string }> {
  let rating: RatingResult;
  try {
    rating = await settleWithin(deps.driver.rateDay(ctx, day), signal, deps.config.abortGraceMs);
  } catch (error) {
    if (signal.aborted) throw error;
    const modules = [...new Set(day.actions.map((a) => a.module))];
    const notes = cutText(`rating turn failed: ${(error as Error).message}`, 8_000);
    return { rows: modules.map((module) => ({ tickId: ctx.tickId, module, notes, status: 'parse_error' })), usage: ZERO_USAGE, raw: notes };
  }
  const rows = rating.ratings.slice(0, 100).map((r): FeedbackReport => {
    const row: FeedbackReport = { tickId: ctx.tickId, module: cutText(r.module, 64), notes: cutText(r.notes ?? '', 8_000), status: r.status };
    if (r.status === 'rated' && r.rating !== undefined) row.rating = clampRating(r.rating);
    else row.status = 'parse_error';
    return row;
  });
  return { rows, usage: rating.usage, raw: rating.raw };
}

/** How the completion went: `closed` false when no call closed the tick (its lease expires and it is claimed again). */
interface Completion {
  closed: boolean;
  /** What the tick was closed as, or `failed` when it was not closed. */
  status: 'succeeded' | 'failed';
  /** Why the tick counts as failed although the day went well, or why the completion did not land. */
  error?: string;
  /** The server refused the ratings; the tick was closed without them. */
  withoutFeedback?: true;
  /** The call that closed the tick carried the request's surface (mana-auth stored it). */
  surfaceSent?: boolean;
}

/**
 * Completes the tick. Ratings the server refuses (a module it does not know,
 * e.g. from a foreign MCP server) must not cost the day's actions: it completes
 * again without them and says why. A completion the server refuses outright
 * closes the tick as failed (retried after back-off) with the reason; one that
 * does not land at all leaves the lease to expire. Either way the tick counts
 * as failed in the pass and the metrics, never as a success.
 */
async function complete(api: InternalApi, reporter: ActionReporter, claim: Claim, request: Omit<CompleteRequest, 'actions'>, log: RunnerDeps['log']): Promise<Completion> {
  const refused = (error: unknown): error is Error => isAppError(error) && error.code === 'VALIDATION';
  try {
    const actions = await reporter.finish();
    const full = actions.length ? { ...request, actions } : request;
    try {
      await api.complete(claim.tickId, full);
      return { closed: true, status: request.status, surfaceSent: request.surface !== undefined };
    } catch (error) {
      if (!(refused(error) && full.feedback?.length)) throw error;
      log.warn('feedback refused; completing the tick without it', { error: error.message });
      await api.complete(claim.tickId, { ...full, feedback: undefined, error: cutText(`feedback refused: ${error.message}`, 8_000) });
      return { closed: true, status: request.status, withoutFeedback: true, surfaceSent: request.surface !== undefined };
    }
  } catch (error) {
    const message = (error as Error).message;
    if (refused(error)) {
      log.error('tick completion refused; closing the tick as failed', { error: message });
      const reason = cutText(`completion refused: ${message}`, 8_000);
      try {
        // Without the surface too: if it was the cause, the failed tick must still close.
        await api.complete(claim.tickId, {
          ...request,
          status: 'failed',
          feedback: undefined,
          record: undefined,
          surface: undefined,
          fingerprint: withoutSurface(request.fingerprint),
          error: reason,
        });
        return { closed: true, status: 'failed', error: reason };
      } catch (again) {
        log.error('closing the refused tick failed; the lease will expire', { error: (again as Error).message });
        return { closed: false, status: 'failed', error: reason };
      }
    }
    log.error('tick completion failed; the lease will expire and the tick will be claimed again', { error: message });
    return { closed: false, status: 'failed', error: cutText(`completion failed: ${message}`, 8_000) };
  }
}

/** The fingerprint of a completion sent without its surface: it names none. */
function withoutSurface(fingerprint: CompleteRequest['fingerprint']): CompleteRequest['fingerprint'] {
  return fingerprint && { ...fingerprint, surfaceHash: null };
}
