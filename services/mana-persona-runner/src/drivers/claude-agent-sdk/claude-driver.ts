import { query, type HookCallback, type SDKResultMessage } from '@anthropic-ai/claude-agent-sdk';
import type { Logger } from '@mana/core';
import type { Usage } from '@mana/contracts';
import { usedModules } from '../../rating/day-record';
import { parseRatings } from '../../rating/parse-ratings';
import { dayNow, say } from '../day-clock';
import type { DayContext, DayResult, DriverSettings, PersonaDriver, RatingResult, Termination } from '../driver';
import { priced } from '../pricing';
import { promptTemplatesHash, renderDayPrompt, renderRatingPrompt } from '../prompts';
import { terminationOnAbort } from '../termination';
import { DEFAULT_ANTHROPIC_MODEL } from '../default-models';
import { createScratch, sessionOptions } from './claude-options';
import { TranscriptRecorder } from './transcript';

const TOKEN_CAP = 'token_cap';

function usageFrom(result: SDKResultMessage | undefined, model: string, fallbackTokens: number): Usage {
  if (!result) return priced(model, fallbackTokens, 0);
  const u = result.usage;
  return {
    inputTokens: u.input_tokens + (u.cache_read_input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0),
    outputTokens: u.output_tokens,
    costUsd: Math.max(0, result.total_cost_usd),
  };
}

/** Links the runner's signal to a session's own controller (which the driver also aborts for the token cap). */
function linkedController(signal: AbortSignal): { controller: AbortController; unlink(): void } {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal.reason);
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return { controller, unlink: () => signal.removeEventListener('abort', onAbort) };
}

/**
 * The seed's path: each day is a Claude Code child process driven through the
 * Claude Agent SDK's `query()`, with mana-mcp wired in as an `http` MCP server.
 * A PreToolUse hook refuses calls beyond the tool-call budget; the token cap
 * aborts the session. Costs about 200 MiB and 0.4 s of start-up per session.
 */
export function createClaudeAgentSdkDriver(settings: DriverSettings, deps: { log: Logger }): PersonaDriver {
  const model = settings.model ?? DEFAULT_ANTHROPIC_MODEL;

  return {
    name: 'claude-agent-sdk',
    model,
    // The child lists mana-mcp's tools itself: the runner lists them for the tick's surface (no onToolsListed here).
    describe: () => ({ model, promptHash: promptTemplatesHash(), policyVersion: null }),

    async runDay(ctx: DayContext): Promise<DayResult> {
      const recorder = new TranscriptRecorder(ctx.moduleOf, ctx.onAction, undefined, () => dayNow(ctx));
      const { controller, unlink } = linkedController(ctx.signal);
      const scratch = await createScratch(settings.scratchDir);
      let toolUses = 0;
      const budgetHook: HookCallback = async (input) => {
        if (input.hook_event_name !== 'PreToolUse') return {};
        if (++toolUses <= ctx.budgets.maxToolCalls) return {};
        recorder.refused.add(input.tool_use_id);
        return {
          hookSpecificOutput: {
            hookEventName: 'PreToolUse',
            permissionDecision: 'deny',
            permissionDecisionReason: 'Tool-call budget for today is used up; write your closing summary now.',
          },
        };
      };
      const finish = (termination: Termination, error?: string): DayResult => {
        recorder.closeOpenCalls(`no tool result before the session ended (${termination})`);
        const summary = recorder.result?.subtype === 'success' ? recorder.result.result : '';
        const messages = [...recorder.messages];
        // The result's text is the last assistant text: it becomes the summary, not a second message.
        if (summary.trim() && messages.at(-1)?.text === summary.trim()) messages.pop();
        say(ctx, messages, 'summary', summary);
        return {
          actions: recorder.actions,
          summary,
          messages,
          usage: usageFrom(recorder.result, model, recorder.tokens),
          model,
          termination,
          error,
        };
      };

      try {
        const { system, prompt } = renderDayPrompt(ctx);
        const options = sessionOptions({
          settings,
          model,
          scratch,
          abortController: controller,
          systemPrompt: system,
          maxTurns: ctx.budgets.maxTurns,
          mcp: ctx.mcp,
          telemetry: ctx.telemetry,
        });
        options.hooks = { PreToolUse: [{ hooks: [budgetHook] }] };
        options.stderr = (data) => deps.log.debug('claude stderr', { tickId: ctx.tickId, data: data.slice(0, 500) });
        for await (const message of query({ prompt, options })) {
          recorder.consume(message);
          if (ctx.budgets.maxTokens > 0 && recorder.tokens >= ctx.budgets.maxTokens && !controller.signal.aborted) controller.abort(TOKEN_CAP);
        }
        const result = recorder.result;
        if (!result) return finish('error', 'the session ended without a result message');
        if (result.subtype === 'error_max_turns') return finish('max_turns');
        if (result.subtype !== 'success') return finish('error', result.errors.join('; ') || result.subtype);
        if (result.is_error) return finish('error', result.result);
        return finish(toolUses > ctx.budgets.maxToolCalls ? 'max_tool_calls' : 'completed');
      } catch (error) {
        if (controller.signal.reason === TOKEN_CAP) return finish('token_cap');
        if (ctx.signal.aborted) return finish(terminationOnAbort(ctx.signal));
        deps.log.warn('day failed', { tickId: ctx.tickId, error: String(error) });
        return finish('error', error instanceof Error ? error.message : String(error));
      } finally {
        unlink();
        await scratch.remove().catch(() => undefined);
      }
    },

    async rateDay(ctx: DayContext, day: DayResult): Promise<RatingResult> {
      if (day.actions.length === 0) return { ratings: [], usage: priced(model, 0, 0), raw: '' };
      const { controller, unlink } = linkedController(ctx.signal);
      const scratch = await createScratch(settings.scratchDir);
      try {
        const { system, prompt } = renderRatingPrompt(ctx.persona, day);
        let result: SDKResultMessage | undefined;
        const options = sessionOptions({ settings, model, scratch, abortController: controller, systemPrompt: system, maxTurns: 1, telemetry: ctx.telemetry });
        for await (const message of query({ prompt, options })) if (message.type === 'result') result = message;
        const raw = result?.subtype === 'success' ? result.result : '';
        return { ratings: parseRatings(raw, usedModules(day.actions)), usage: usageFrom(result, model, 0), raw };
      } finally {
        unlink();
        await scratch.remove().catch(() => undefined);
      }
    },
  };
}
