import { setTimeout as sleep } from 'node:timers/promises';
import { MAX_ACTION_ERROR_CHARS, ZERO_USAGE } from '@mana/contracts';
import { seededRandom, type Logger } from '@mana/core';
import { clip } from '../../rating/day-record';
import { dayNow, recordOutput, say } from '../day-clock';
import type { DayContext, DayResult, PersonaDriver, PersonaMessage, RatingResult, RecordedAction, SimulatorDescription, Termination } from '../driver';
import { hashInput } from '../input-hash';
import { languageOf } from '../prompts';
import { terminationOnAbort } from '../termination';
import { IdPool } from './id-pool';
import { openMcpSession, type ListedTool, type McpSession } from './mcp-session';
import { rateFromExperience } from './offline-rating';
import { phraseBankHash, policyAt, type OfflinePolicySettings } from './offline-policies';
import { fill, phraseBank } from './phrases';
import { chooseCall, focusModules, leastLikedFirstPlan, moduleOrder, noteCall, type DayState } from './policy';
import { plannedCalls, temperamentOf } from './temperament';

/** The offline driver's model name: it is a policy, not a language model. */
export const OFFLINE_MODEL = 'offline-policy-v1';

/** True when the result has lists and all of them are empty. */
function isEmptyResult(data: unknown): boolean {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return Array.isArray(data) && data.length === 0;
  const lists = Object.values(data).filter(Array.isArray);
  return lists.length > 0 && lists.every((list) => list.length === 0);
}

/** Message of an error and of its cause (fetch failures hide the real reason there). */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/** One formatter per zone: building an Intl formatter per tick was ~1.5% of the runner's CPU. Bounded by the zones Intl knows. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The persona's local calendar day. */
function localDay(now: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(now);
}

/** What the offline driver reads of the driver settings. */
export type OfflineDriverSettings = { offlineDelayMs: number; mcpTimeoutMs?: number } & OfflinePolicySettings;

/** The offline driver, with its part of the tick's simulator fingerprint. */
export type OfflineDriver = PersonaDriver & {
  describe(ctx?: Pick<DayContext, 'now'>): SimulatorDescription & { promptHash: string; policyVersion: string };
};

/**
 * The default driver: no model. A deterministic, seeded persona policy that
 * uses the real MCP server like a user would (see policy.ts) and rates each
 * module from what it experienced. Same seed + same app state -> same day.
 * Which policy plays a day (standard, or the drill's variant from a given
 * instant) is in offline-policies.ts.
 */
export function createOfflineDriver(settings: OfflineDriverSettings, deps: { log: Logger }): OfflineDriver {
  return {
    name: 'offline',
    model: OFFLINE_MODEL,

    /**
     * The simulator fingerprint: no model, the phrase banks as the prompt, and the version of
     * the policy that plays the day whose context is given (the configured one without it;
     * with a switch instant configured, only the day's context tells which policy played).
     */
    describe(ctx?: Pick<DayContext, 'now'>) {
      return { model: null, promptHash: phraseBankHash(), policyVersion: policyAt(settings, ctx?.now).version };
    },

    async runDay(ctx: DayContext): Promise<DayResult> {
      const { persona } = ctx;
      const random = seededRandom(ctx.seed);
      const temperament = temperamentOf(persona);
      const bank = phraseBank(languageOf(persona.locale));
      const policy = policyAt(settings, ctx.now);
      const actions: RecordedAction[] = [];
      const messages: PersonaMessage[] = [];
      const finish = (termination: Termination, error?: string): DayResult => {
        const modules = [...new Set(actions.map((a) => a.module))].join(', ') || '-';
        const errors = actions.filter((a) => a.result === 'error').length;
        const summary = fill(bank.summary, { policy: policy.version, count: actions.length, modules, errors });
        say(ctx, messages, 'summary', summary);
        return { actions, summary, messages, usage: ZERO_USAGE, model: OFFLINE_MODEL, termination, error };
      };

      let session: McpSession;
      try {
        session = await openMcpSession(ctx.mcp, ctx.signal, settings.mcpTimeoutMs);
      } catch (error) {
        if (ctx.signal.aborted) return finish(terminationOnAbort(ctx.signal));
        return finish('error', `MCP connect failed: ${describeError(error)}`);
      }

      try {
        ctx.onToolsListed?.(session.listed);
        const byModule = new Map<string, ListedTool[]>();
        for (const tool of session.tools) {
          const module = ctx.moduleOf(tool.name);
          byModule.set(module, [...(byModule.get(module) ?? []), tool]);
        }
        if (byModule.size === 0) return finish('error', 'the MCP server lists no tools');
        const wanted = plannedCalls(temperament, random, 8);
        const limit = Math.min(wanted, ctx.budgets.maxToolCalls, ctx.budgets.maxTurns);
        const state: DayState = { calls: new Map(), listedModules: new Set() };
        const pool = new IdPool();
        const today = localDay(ctx.now, persona.timeZone);
        const available = [...byModule.keys()];
        const focus = focusModules(random, persona.moduleMix, available, limit);
        say(ctx, messages, 'intent', fill(bank.intent, { count: limit, modules: focus.join(', ') || '-' }));
        const plan = policy.order === 'least-liked-first' ? leastLikedFirstPlan(random, persona.moduleMix, focus, available, limit) : undefined;

        for (let step = 0; step < limit; step++) {
          if (settings.offlineDelayMs > 0) await sleep(settings.offlineDelayMs, undefined, { signal: ctx.signal });
          if (ctx.signal.aborted) return finish(terminationOnAbort(ctx.signal));
          let planned: ReturnType<typeof chooseCall> | undefined;
          for (const module of plan?.[step] ?? moduleOrder(random, persona.moduleMix, focus, available)) {
            planned = chooseCall(byModule.get(module)!, module, state, pool, { random, bank, today, now: ctx.now });
            if (planned) break;
          }
          if (!planned) break;
          const { tool, args } = planned;
          const module = ctx.moduleOf(tool.name);
          const calledAt = dayNow(ctx);
          const outcome = await session.call(tool.name, args, ctx.signal);
          noteCall(state, module, tool);
          if (outcome.ok) pool.harvest(module, outcome.data);
          else pool.markFailed(tool.name, args);
          const action: RecordedAction = {
            callId: `offline-${ctx.attempt}-${step + 1}`,
            toolName: tool.name,
            module,
            input: args,
            inputHash: hashInput(args),
            result: outcome.ok ? 'ok' : 'error',
            errorMessage: outcome.ok ? undefined : clip(outcome.errorMessage ?? 'error', MAX_ACTION_ERROR_CHARS),
            latencyMs: outcome.latencyMs,
            calledAt,
            output: outcome.ok ? recordOutput(outcome.data === undefined ? outcome.text : JSON.stringify(outcome.data)) : undefined,
            handlerMs: outcome.handlerMs,
            outputSummary: outcome.ok ? clip(outcome.data === undefined ? outcome.text : JSON.stringify(outcome.data), 300) : undefined,
            emptyResult: outcome.ok && tool.readOnly ? isEmptyResult(outcome.data) : undefined,
          };
          actions.push(action);
          ctx.onAction?.(action);
        }
        if (limit < wanted) return finish(ctx.budgets.maxToolCalls <= ctx.budgets.maxTurns ? 'max_tool_calls' : 'max_turns');
        return finish('completed');
      } catch (error) {
        if (ctx.signal.aborted) return finish(terminationOnAbort(ctx.signal));
        deps.log.warn('offline day failed', { tickId: ctx.tickId, error: String(error) });
        return finish('error', describeError(error));
      } finally {
        await session.close().catch(() => undefined);
      }
    },

    async rateDay(ctx: DayContext, day: DayResult): Promise<RatingResult> {
      const policy = policyAt(settings, ctx.now);
      const ratings = rateFromExperience(day.actions, temperamentOf(ctx.persona), phraseBank(languageOf(ctx.persona.locale)), policy);
      return { ratings, usage: ZERO_USAGE, raw: JSON.stringify({ policy: policy.version, ratings }) };
    },
  };
}
