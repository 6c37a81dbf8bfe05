import { createAnthropic } from '@ai-sdk/anthropic';
import { createMCPClient } from '@ai-sdk/mcp';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, stepCountIs, type LanguageModel, type StopCondition, type ToolSet } from 'ai';
import type { Logger } from '@mana/core';
import type { Usage } from '@mana/contracts';
import { usedModules } from '../../rating/day-record';
import { parseRatings } from '../../rating/parse-ratings';
import { dayNow, say } from '../day-clock';
import type { DayContext, DayResult, DriverSettings, PersonaDriver, PersonaMessage, RatingResult, RecordedAction, Termination } from '../driver';
import { DEFAULT_ANTHROPIC_MODEL, DEFAULT_OPENAI_COMPATIBLE_MODEL } from '../default-models';
import { addUsage } from '@mana/contracts';
import { priced } from '../pricing';
import { promptTemplatesHash, renderDayPrompt, renderRatingPrompt } from '../prompts';
import { terminationOnAbort } from '../termination';
import { recordingTools, type CallCounter } from './mcp-tools';

type Kind = 'anthropic' | 'openai-compatible';

function languageModel(kind: Kind, settings: DriverSettings, model: string): LanguageModel {
  if (kind === 'anthropic') {
    return createAnthropic({ baseURL: `${settings.anthropicBaseUrl.replace(/\/+$/, '')}/v1`, apiKey: settings.anthropicApiKey ?? '' }).languageModel(model);
  }
  if (!settings.openaiBaseUrl) throw new Error('The openai-compatible driver needs OPENAI_BASE_URL (e.g. http://localhost:11434/v1 for Ollama)');
  return createOpenAICompatible({ name: 'openai-compatible', baseURL: settings.openaiBaseUrl.replace(/\/+$/, ''), apiKey: settings.openaiApiKey, includeUsage: true }).chatModel(
    model,
  );
}

/**
 * The in-process agent loop for `anthropic` and `openai-compatible` (one
 * library, the Vercel AI SDK, for both): mana-mcp's tools through the AI SDK
 * MCP client, a step limit from maxTurns, and stop conditions for the
 * tool-call budget and the token cap.
 */
export function createAiSdkDriver(kind: Kind, settings: DriverSettings, deps: { log: Logger }): PersonaDriver {
  const model = settings.model ?? (kind === 'anthropic' ? DEFAULT_ANTHROPIC_MODEL : DEFAULT_OPENAI_COMPATIBLE_MODEL);
  const llm = languageModel(kind, settings, model);
  const usageOf = (u: { inputTokens?: number; outputTokens?: number }): Usage => priced(model, u.inputTokens ?? 0, u.outputTokens ?? 0);

  return {
    name: kind,
    model,
    describe: () => ({ model, promptHash: promptTemplatesHash(), policyVersion: null }),

    async runDay(ctx: DayContext): Promise<DayResult> {
      const actions: RecordedAction[] = [];
      const counter: CallCounter = { calls: 0 };
      let usage: Usage = priced(model, 0, 0);
      const messages: PersonaMessage[] = [];
      const finish = (termination: Termination, summary = '', error?: string): DayResult => {
        say(ctx, messages, 'summary', summary);
        return { actions, summary, messages, usage, model, termination, error };
      };
      // A step's text was written before its tool calls ran: it is stamped with the step's start.
      let stepStartedAt = dayNow(ctx);
      const overTokens = () => ctx.budgets.maxTokens > 0 && usage.inputTokens + usage.outputTokens >= ctx.budgets.maxTokens;

      let mcp: McpClient | undefined;
      try {
        mcp = await createMCPClient({
          transport: { type: 'http', url: ctx.mcp.url, headers: ctx.mcp.headers },
          clientName: 'mana-persona',
          initializationOptions: { signal: ctx.signal },
        });
        const listed = await listAllTools(mcp);
        ctx.onToolsListed?.(listed.tools);
        const tools = recordingTools(mcp.toolsFromDefinitions(listed) as ToolSet, ctx, actions, counter);
        const { system, prompt } = renderDayPrompt(ctx);
        const stops: StopCondition<ToolSet>[] = [stepCountIs(ctx.budgets.maxTurns), () => counter.calls >= ctx.budgets.maxToolCalls, overTokens];
        const result = await generateText({
          model: llm,
          system,
          prompt,
          tools,
          stopWhen: stops,
          abortSignal: ctx.signal,
          timeout: settings.llmTimeoutMs ? { stepMs: settings.llmTimeoutMs } : undefined,
          maxRetries: 1,
          experimental_telemetry: telemetry(ctx, 'persona-day'),
          onStepFinish: (step) => {
            usage = addUsage(usage, usageOf(step.usage));
            if (step.toolCalls.length > 0) say(ctx, messages, messages.length === 0 ? 'intent' : 'say', step.text, stepStartedAt);
            stepStartedAt = dayNow(ctx);
          },
        });
        const stillCalling = result.finishReason === 'tool-calls';
        const termination: Termination = !stillCalling ? 'completed' : overTokens() ? 'token_cap' : counter.calls >= ctx.budgets.maxToolCalls ? 'max_tool_calls' : 'max_turns';
        return finish(termination, result.text);
      } catch (error) {
        if (ctx.signal.aborted) return finish(terminationOnAbort(ctx.signal));
        deps.log.warn('day failed', { tickId: ctx.tickId, error: String(error) });
        return finish('error', '', error instanceof Error ? error.message : String(error));
      } finally {
        await mcp?.close().catch(() => undefined);
      }
    },

    async rateDay(ctx: DayContext, day: DayResult): Promise<RatingResult> {
      if (day.actions.length === 0) return { ratings: [], usage: priced(model, 0, 0), raw: '' };
      const { system, prompt } = renderRatingPrompt(ctx.persona, day);
      const result = await generateText({
        model: llm,
        system,
        prompt,
        abortSignal: ctx.signal,
        timeout: settings.llmTimeoutMs,
        maxRetries: 1,
        experimental_telemetry: telemetry(ctx, 'persona-rating'),
      });
      return { ratings: parseRatings(result.text, usedModules(day.actions)), usage: usageOf(result.totalUsage), raw: result.text };
    },
  };
}

type McpClient = Awaited<ReturnType<typeof createMCPClient>>;

/** Every page of `tools/list` (what the client's `tools()` reads), kept so the runner sees the surface the model was given. */
async function listAllTools(mcp: McpClient): Promise<Parameters<McpClient['toolsFromDefinitions']>[0]> {
  let page = await mcp.listTools();
  const tools = [...page.tools];
  while (page.nextCursor != null) {
    page = await mcp.listTools({ params: { cursor: page.nextCursor } });
    tools.push(...page.tools);
  }
  return { ...page, tools };
}

type Telemetry = NonNullable<Parameters<typeof generateText>[0]['experimental_telemetry']>;

/**
 * The AI SDK's own OpenTelemetry spans (a span per call and per LLM turn with the
 * GenAI attributes: model, token counts) under the runner's day span, when tracing
 * is on. Prompts and answers stay out of the spans: they are in the day's record.
 */
function telemetry(ctx: DayContext, functionId: string): Telemetry | undefined {
  if (!ctx.telemetry) return undefined;
  return { isEnabled: true, tracer: ctx.telemetry.tracer as Telemetry['tracer'], functionId, recordInputs: false, recordOutputs: false };
}
