import type { SDKMessage, SDKResultMessage } from '@anthropic-ai/claude-agent-sdk';
import { MAX_ACTION_ERROR_CHARS } from '@mana/contracts';
import { clip } from '../../rating/day-record';
import { recordOutput } from '../day-clock';
import type { PersonaMessage, RecordedAction } from '../driver';
import { hashInput } from '../input-hash';
import { MCP_TOOL_PREFIX } from './claude-options';

type Block = { type: string; id?: string; name?: string; input?: unknown; tool_use_id?: string; is_error?: boolean; content?: unknown };

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((block: { type?: string; text?: string }) => (block.type === 'text' ? (block.text ?? '') : '')).join('\n');
  return '';
}

/**
 * Turns the SDK's message stream into actions: a `tool_use` opens a call
 * (`mcp__mana__<tool>` mapped back to the tool, module from the registry),
 * the `tool_result` with the same `tool_use_id` closes exactly that call
 * (error when `is_error`), latency between the two. Token usage per API
 * message is summed for the token cap; the result message carries the totals.
 */
export class TranscriptRecorder {
  readonly actions: RecordedAction[] = [];
  /** The persona's text blocks in order (first = intent), for the day's record. */
  readonly messages: PersonaMessage[] = [];
  result?: SDKResultMessage;
  private readonly open = new Map<string, { name: string; input: unknown; started: number; calledAt: string }>();
  private readonly seenMessages = new Map<string, number>();
  /** tool_use ids the budget hook refused: they never reached the server. */
  readonly refused = new Set<string>();

  constructor(
    private readonly moduleOf: (tool: string) => string,
    private readonly onAction?: (action: RecordedAction) => void,
    private readonly clock: () => number = () => performance.now(),
    /** The day's clock as an ISO instant (time of each call and message). */
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  /** Tokens of the API calls seen so far (input incl. cache, output). */
  get tokens(): number {
    return [...this.seenMessages.values()].reduce((sum, n) => sum + n, 0);
  }

  /** Tool uses seen so far (each one is a call the server will run, unless refused). */
  get toolUses(): number {
    return this.actions.length + this.open.size;
  }

  consume(message: SDKMessage): void {
    if (message.type === 'assistant') {
      const usage = message.message.usage as
        | { input_tokens?: number; output_tokens?: number; cache_read_input_tokens?: number | null; cache_creation_input_tokens?: number | null }
        | undefined;
      if (usage)
        this.seenMessages.set(
          message.message.id,
          (usage.input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0) + (usage.output_tokens ?? 0),
        );
      for (const block of message.message.content as Block[]) {
        const text = block.type === 'text' ? (block as { text?: string }).text?.trim() : undefined;
        if (text && this.messages.at(-1)?.text !== text) this.messages.push({ kind: this.messages.length === 0 ? 'intent' : 'say', text, at: this.now() });
        if (block.type !== 'tool_use' || !block.id || !block.name?.startsWith(MCP_TOOL_PREFIX)) continue;
        if (!this.open.has(block.id))
          this.open.set(block.id, { name: block.name.slice(MCP_TOOL_PREFIX.length), input: block.input ?? {}, started: this.clock(), calledAt: this.now() });
      }
    } else if (message.type === 'user' && Array.isArray(message.message.content)) {
      for (const block of message.message.content as Block[]) {
        if (block.type !== 'tool_result' || !block.tool_use_id) continue;
        const call = this.open.get(block.tool_use_id);
        if (!call) continue;
        this.open.delete(block.tool_use_id);
        if (this.refused.has(block.tool_use_id)) continue;
        const text = textOf(block.content);
        this.record(
          block.tool_use_id,
          call,
          block.is_error === true
            ? { result: 'error', errorMessage: clip(text || 'tool error', MAX_ACTION_ERROR_CHARS) }
            : { result: 'ok', outputSummary: clip(text, 300), output: recordOutput(text) },
        );
      }
    } else if (message.type === 'result') {
      this.result = message;
    }
  }

  /** Calls still waiting for a result when the session ended count as errors. */
  closeOpenCalls(reason: string): void {
    for (const [id, call] of this.open) if (!this.refused.has(id)) this.record(id, call, { result: 'error', errorMessage: reason });
    this.open.clear();
  }

  private record(
    id: string,
    call: { name: string; input: unknown; started: number; calledAt: string },
    outcome: Pick<RecordedAction, 'result' | 'errorMessage' | 'outputSummary' | 'output'>,
  ): void {
    const action: RecordedAction = {
      callId: id,
      toolName: call.name,
      module: this.moduleOf(call.name),
      input: call.input,
      inputHash: hashInput(call.input),
      latencyMs: Math.max(0, Math.round(this.clock() - call.started)),
      calledAt: call.calledAt,
      ...outcome,
    };
    this.actions.push(action);
    this.onAction?.(action);
  }
}
