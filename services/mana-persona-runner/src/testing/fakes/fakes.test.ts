import { afterAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from './anthropic-messages';
import type { FakeRequest, FakeServer } from './fake-llm';
import { startFakeOpenAi } from './openai-chat';

const servers: FakeServer[] = [];
afterAll(async () => Promise.all(servers.map((s) => s.close())));

function events(sse: string): { event: string; data: Record<string, unknown> }[] {
  return sse
    .split('\n\n')
    .filter((frame) => frame.trim())
    .map((frame) => {
      const event = /^event: (.*)$/m.exec(frame)?.[1] ?? '';
      const data = /^data: (.*)$/m.exec(frame)?.[1] ?? 'null';
      return { event, data: data === '[DONE]' ? { done: true } : (JSON.parse(data) as Record<string, unknown>) };
    });
}

describe('fake Anthropic Messages API', () => {
  it('streams message_start, text and input_json_delta blocks, message_delta with usage, message_stop; ignores ?beta=true and system reminders', async () => {
    const seen: FakeRequest[] = [];
    const fake = await startFakeAnthropic({
      script: (req) => {
        seen.push(req);
        return { text: 'Moin', toolCalls: [{ id: 'toolu_1', name: 'mcp__mana__todo_create', input: { title: 'Zahnarzt anrufen' } }] };
      },
    });
    servers.push(fake);
    const res = await fetch(`${fake.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'claude-x',
        stream: true,
        max_tokens: 100,
        tools: [{ name: 'mcp__mana__todo_create' }],
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: '<system-reminder>ignore me</system-reminder>' },
              { type: 'text', text: 'Hallo <system-reminder>x</system-reminder>Welt' },
            ],
          },
        ],
      }),
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const frames = events(await res.text());
    expect(frames.map((f) => f.event).filter((e) => e !== 'content_block_delta')).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_stop',
      'content_block_start',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const json = frames
      .filter((f) => (f.data.delta as { type?: string })?.type === 'input_json_delta')
      .map((f) => (f.data.delta as { partial_json: string }).partial_json)
      .join('');
    expect(JSON.parse(json)).toEqual({ title: 'Zahnarzt anrufen' });
    expect(frames.find((f) => f.event === 'message_delta')!.data).toMatchObject({ delta: { stop_reason: 'tool_use' }, usage: { output_tokens: expect.any(Number) } });
    expect(seen[0].userText).toBe('Hallo Welt');
    expect(seen[0].tools).toEqual(['mcp__mana__todo_create']);
    expect(fake.requests[0].url).toBe('/v1/messages?beta=true');
  });

  it('answers non-streaming requests with one message and lists models', async () => {
    const fake = await startFakeAnthropic({ script: () => ({ text: 'fertig' }) });
    servers.push(fake);
    const res = await fetch(`${fake.url}/v1/messages`, { method: 'POST', body: JSON.stringify({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }) });
    expect(await res.json()).toMatchObject({
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text: 'fertig' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: expect.any(Number) },
    });
    expect(((await (await fetch(`${fake.url}/v1/models`)).json()) as { data: { id: string }[] }).data[0].id).toBe('claude-fake-1');
    expect((await fetch(`${fake.url}/v1/other`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});

describe('fake OpenAI chat completions', () => {
  it('streams tool_calls deltas, a finish reason, a usage chunk and [DONE]', async () => {
    const fake = await startFakeOpenAi({ script: () => ({ toolCalls: [{ id: 'call_1', name: 'todo_list', input: { status: 'open' } }] }) });
    servers.push(fake);
    const res = await fetch(`${fake.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'llama3.1', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const frames = events(await res.text()).map((f) => f.data);
    const args = frames
      .flatMap((f) => ((f.choices as { delta: { tool_calls?: { function: { arguments?: string } }[] } }[] | undefined) ?? []).flatMap((c) => c.delta.tool_calls ?? []))
      .map((t) => t.function.arguments ?? '')
      .join('');
    expect(JSON.parse(args)).toEqual({ status: 'open' });
    expect(frames.some((f) => (f.choices as { finish_reason: string | null }[] | undefined)?.[0]?.finish_reason === 'tool_calls')).toBe(true);
    expect(frames.at(-2)).toMatchObject({ choices: [], usage: { prompt_tokens: expect.any(Number) } });
    expect(frames.at(-1)).toEqual({ done: true });
  });
});
