import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import {
  delay,
  estimateTokens,
  listen,
  sendJson,
  stripSystemReminders,
  type FakeScript,
  type FakeServer,
  type FakeTurn,
  type RecordedRequest,
  type SeenToolResult,
} from './fake-llm';

export interface FakeAnthropicOptions {
  script: FakeScript;
  /** Fixed latency before each answer (scheduler benchmarks). */
  latencyMs?: number;
}

type Block = { type: string; text?: string; id?: string; tool_use_id?: string; is_error?: boolean; content?: unknown; name?: string };
type Message = { role: string; content: string | Block[] };

function blocksOf(message: Message): Block[] {
  return typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((block: Block) => block.text ?? '').join('');
  return '';
}

/**
 * A local stand-in for the Anthropic Messages API: `POST /v1/messages` (query
 * strings such as `?beta=true` ignored), streaming SSE exactly as Anthropic
 * frames it (message_start, content_block_start/delta/stop with text_delta and
 * input_json_delta, message_delta with usage, message_stop) or one JSON
 * message; `POST /v1/messages/count_tokens` and `GET /v1/models` as well.
 * Each answer comes from the test's script.
 */
export async function startFakeAnthropic(options: FakeAnthropicOptions): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  let index = 0;
  const server = await listen(async (req, res, body) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') {
      sendJson(res, 200, {
        data: [{ type: 'model', id: 'claude-fake-1', display_name: 'Fake', created_at: '2026-01-01T00:00:00Z' }],
        has_more: false,
        first_id: 'claude-fake-1',
        last_id: 'claude-fake-1',
      });
      return;
    }
    if (req.method === 'POST' && path === '/v1/messages/count_tokens') {
      sendJson(res, 200, { input_tokens: estimateTokens(body) });
      return;
    }
    if (req.method !== 'POST' || path !== '/v1/messages' || !body) {
      sendJson(res, 404, { type: 'error', error: { type: 'not_found_error', message: `No route ${req.method} ${path}` } });
      return;
    }
    const messages = (body.messages ?? []) as Message[];
    const lastUser = [...messages].reverse().find((m) => m.role === 'user');
    const toolResults: SeenToolResult[] = messages
      .flatMap(blocksOf)
      .filter((b) => b.type === 'tool_result')
      .map((b) => ({ id: b.tool_use_id ?? '', isError: b.is_error === true, content: contentText(b.content) }));
    const system = typeof body.system === 'string' ? body.system : Array.isArray(body.system) ? (body.system as Block[]).map((b) => b.text ?? '').join('\n') : '';
    const turn = await options.script({
      body,
      userText: lastUser
        ? stripSystemReminders(
            blocksOf(lastUser)
              .filter((b) => b.type === 'text')
              .map((b) => b.text ?? '')
              .join('\n'),
          )
        : '',
      tools: ((body.tools ?? []) as { name: string }[]).map((tool) => tool.name),
      toolResults,
      system,
      index: index++,
    });
    await delay(options.latencyMs ?? 0);
    const model = typeof body.model === 'string' ? body.model : 'claude-fake-1';
    if (body.stream === true) streamMessage(res, turn, model, estimateTokens(body));
    else sendJson(res, 200, messageJson(turn, model, estimateTokens(body)), { 'request-id': `req_${randomUUID()}` });
  }, requests);
  return { url: server.url, requests, close: server.close };
}

function contentBlocks(turn: FakeTurn) {
  const blocks: ({ type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> })[] = [];
  if (turn.text) blocks.push({ type: 'text', text: turn.text });
  for (const call of turn.toolCalls ?? [])
    blocks.push({ type: 'tool_use', id: call.id ?? `toolu_${randomUUID().replace(/-/g, '').slice(0, 24)}`, name: call.name, input: call.input });
  return blocks;
}

function usageOf(turn: FakeTurn, inputTokens: number, blocks: unknown[]) {
  return { input_tokens: turn.usage?.inputTokens ?? inputTokens, output_tokens: turn.usage?.outputTokens ?? estimateTokens(blocks) };
}

function messageJson(turn: FakeTurn, model: string, inputTokens: number) {
  const content = contentBlocks(turn);
  return {
    id: `msg_${randomUUID().replace(/-/g, '')}`,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: turn.toolCalls?.length ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: usageOf(turn, inputTokens, content),
  };
}

function streamMessage(res: ServerResponse, turn: FakeTurn, model: string, inputTokens: number): void {
  const message = messageJson(turn, model, inputTokens);
  const event = (type: string, data: Record<string, unknown>) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'request-id': `req_${randomUUID()}` });
  event('message_start', { message: { ...message, content: [], stop_reason: null, usage: { input_tokens: message.usage.input_tokens, output_tokens: 1 } } });
  event('ping', {});
  message.content.forEach((block, i) => {
    if (block.type === 'text') {
      event('content_block_start', { index: i, content_block: { type: 'text', text: '' } });
      for (const piece of chunk(block.text, 24)) event('content_block_delta', { index: i, delta: { type: 'text_delta', text: piece } });
    } else {
      event('content_block_start', { index: i, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      event('content_block_delta', { index: i, delta: { type: 'input_json_delta', partial_json: '' } });
      for (const piece of chunk(JSON.stringify(block.input), 16)) event('content_block_delta', { index: i, delta: { type: 'input_json_delta', partial_json: piece } });
    }
    event('content_block_stop', { index: i });
  });
  event('message_delta', { delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: { output_tokens: message.usage.output_tokens } });
  event('message_stop', {});
  res.end();
}

function chunk(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces.length > 0 ? pieces : [''];
}
