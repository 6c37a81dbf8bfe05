import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { delay, estimateTokens, listen, sendJson, stripSystemReminders, type FakeScript, type FakeServer, type FakeTurn, type RecordedRequest } from './fake-llm';

export interface FakeOpenAiOptions {
  script: FakeScript;
  latencyMs?: number;
}

type ChatMessage = { role: string; content?: string | { type: string; text?: string }[] | null; tool_call_id?: string };

function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => part.text ?? '').join('');
  return '';
}

/**
 * A local stand-in for an OpenAI-compatible chat endpoint (what Ollama, vLLM,
 * llama.cpp server and LM Studio serve): `POST /v1/chat/completions` streaming
 * SSE chunks with `tool_calls` deltas and a final usage chunk, or one JSON
 * completion; `GET /v1/models`. Tool results carry no error flag in this
 * protocol, so a result counts as an error when it carries MCP's `"isError": true`.
 */
export async function startFakeOpenAi(options: FakeOpenAiOptions): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  let index = 0;
  const server = await listen(async (req, res, body) => {
    const path = (req.url ?? '/').split('?')[0].replace(/^\/v1/, '');
    if (req.method === 'GET' && path === '/models') {
      sendJson(res, 200, { object: 'list', data: [{ id: 'fake-chat-1', object: 'model', created: 1_767_225_600, owned_by: 'fake' }] });
      return;
    }
    if (req.method !== 'POST' || path !== '/chat/completions' || !body) {
      sendJson(res, 404, { error: { message: `No route ${req.method} ${req.url}`, type: 'invalid_request_error' } });
      return;
    }
    const messages = (body.messages ?? []) as ChatMessage[];
    const lastUser = [...messages].reverse().find((m) => m.role === 'user');
    const turn = await options.script({
      body,
      userText: lastUser ? stripSystemReminders(textOf(lastUser.content)) : '',
      tools: ((body.tools ?? []) as { function: { name: string } }[]).map((tool) => tool.function.name),
      toolResults: messages
        .filter((m) => m.role === 'tool')
        .map((m) => {
          const content = textOf(m.content);
          return { id: m.tool_call_id ?? '', isError: /"isError":\s*true/.test(content), content };
        }),
      system: messages
        .filter((m) => m.role === 'system')
        .map((m) => textOf(m.content))
        .join('\n'),
      index: index++,
    });
    await delay(options.latencyMs ?? 0);
    const model = typeof body.model === 'string' ? body.model : 'fake-chat-1';
    const promptTokens = turn.usage?.inputTokens ?? estimateTokens(body);
    if (body.stream === true) streamCompletion(res, turn, model, promptTokens, (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true);
    else sendJson(res, 200, completionJson(turn, model, promptTokens));
  }, requests);
  return { url: server.url, requests, close: server.close };
}

function toolCallsOf(turn: FakeTurn) {
  return (turn.toolCalls ?? []).map((call) => ({
    id: call.id ?? `call_${randomUUID().slice(0, 8)}`,
    type: 'function' as const,
    function: { name: call.name, arguments: JSON.stringify(call.input) },
  }));
}

function usageOf(turn: FakeTurn, promptTokens: number) {
  const completion = turn.usage?.outputTokens ?? estimateTokens([turn.text ?? '', turn.toolCalls ?? []]);
  return { prompt_tokens: promptTokens, completion_tokens: completion, total_tokens: promptTokens + completion };
}

function completionJson(turn: FakeTurn, model: string, promptTokens: number) {
  const toolCalls = toolCallsOf(turn);
  return {
    id: `chatcmpl-${randomUUID()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: turn.text ?? null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) },
        finish_reason: toolCalls.length ? 'tool_calls' : 'stop',
      },
    ],
    usage: usageOf(turn, promptTokens),
  };
}

function streamCompletion(res: ServerResponse, turn: FakeTurn, model: string, promptTokens: number, includeUsage: boolean): void {
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  chunk({ role: 'assistant', content: '' });
  if (turn.text) for (let i = 0; i < turn.text.length; i += 24) chunk({ content: turn.text.slice(i, i + 24) });
  const toolCalls = toolCallsOf(turn);
  toolCalls.forEach((call, i) => {
    chunk({ tool_calls: [{ index: i, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] });
    for (let j = 0; j < call.function.arguments.length; j += 16) chunk({ tool_calls: [{ index: i, function: { arguments: call.function.arguments.slice(j, j + 16) } }] });
  });
  chunk({}, toolCalls.length ? 'tool_calls' : 'stop');
  if (includeUsage) res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: usageOf(turn, promptTokens) })}\n\n`);
  res.write('data: [DONE]\n\n');
  res.end();
}
