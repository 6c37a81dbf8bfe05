import type { ToolSet } from 'ai';
import { handlerMsOf, MAX_ACTION_ERROR_CHARS, type ActionResult } from '@mana/contracts';
import { clip } from '../../rating/day-record';
import { dayNow, recordOutput } from '../day-clock';
import type { DayContext, RecordedAction } from '../driver';
import { hashInput } from '../input-hash';

type CallResult = { isError?: boolean; content?: { type: string; text?: string }[]; structuredContent?: unknown; _meta?: unknown };

function textOf(result: CallResult): string {
  return (result.content ?? [])
    .filter((block) => block.type === 'text')
    .map((block) => block.text ?? '')
    .join('\n');
}

/** Counts calls across the day so the stop condition can see them. */
export interface CallCounter {
  calls: number;
}

/**
 * Wraps every MCP tool so each call is recorded as it finishes (callId = the
 * model's toolCallId, module from ctx.moduleOf, latency around the MCP call,
 * `isError` results and thrown errors as errors). Calls beyond the day's
 * tool-call budget are refused to the model without reaching the server.
 */
export function recordingTools(tools: ToolSet, ctx: DayContext, actions: RecordedAction[], counter: CallCounter): ToolSet {
  const wrapped: ToolSet = {};
  for (const [name, tool] of Object.entries(tools)) {
    const execute = tool.execute;
    if (!execute) continue;
    wrapped[name] = {
      ...tool,
      execute: async (input: unknown, options: { toolCallId: string; abortSignal?: AbortSignal; messages: unknown[] }) => {
        if (counter.calls >= ctx.budgets.maxToolCalls) {
          return { isError: true, content: [{ type: 'text', text: 'Tool-call budget for today is used up; write your closing summary now.' }] };
        }
        counter.calls++;
        const started = performance.now();
        const calledAt = dayNow(ctx);
        const record = (result: ActionResult, extra: Partial<RecordedAction>) => {
          const action: RecordedAction = {
            callId: options.toolCallId,
            toolName: name,
            module: ctx.moduleOf(name),
            input,
            inputHash: hashInput(input),
            result,
            latencyMs: Math.round(performance.now() - started),
            calledAt,
            ...extra,
          };
          actions.push(action);
          ctx.onAction?.(action);
        };
        try {
          const result = (await execute(input as never, options as never)) as CallResult;
          const handlerMs = handlerMsOf(result);
          if (result?.isError) record('error', { errorMessage: clip(textOf(result) || 'tool error', MAX_ACTION_ERROR_CHARS), handlerMs });
          else {
            const text = result?.structuredContent !== undefined ? JSON.stringify(result.structuredContent) : textOf(result ?? {});
            record('ok', { handlerMs, outputSummary: clip(text, 300), output: recordOutput(text) });
          }
          return result;
        } catch (error) {
          record('error', { errorMessage: clip(error instanceof Error ? error.message : String(error), MAX_ACTION_ERROR_CHARS) });
          throw error;
        }
      },
    } as ToolSet[string];
  }
  return wrapped;
}
