import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@mana/core';
import { manaRegistry } from '@mana/tools';
import { createMcpHarness, manaHeaders, type McpHarness } from '@mana/mcp/testing';
import { startFakeAnthropic } from '../testing/fakes/anthropic-messages';
import type { FakeRequest, FakeServer, FakeTurn } from '../testing/fakes/fake-llm';
import { startFakeOpenAi } from '../testing/fakes/openai-chat';
import { createDriver } from './create-driver';
import { promptTemplatesHash } from './prompts';
import type { DriverSettings, PersonaDriver } from './driver';
import { testDayContext, testPersona } from '../testing/day-context';

const log = createLogger('llm-drivers-test', { level: 'silent' });
const MISSING_TODO = '00000000-0000-4000-8000-000000000000';
let harness: McpHarness;
let anthropic: FakeServer;
let openai: FakeServer;

/** The scripted persona: create a todo, then list and complete a todo that does not exist (an error), then close; rate in JSON wrapped in prose. */
function script(request: FakeRequest): FakeTurn {
  if (request.userText.includes('"ratings"')) {
    return {
      text: 'Gern!\n```json\n{"ratings":[{"module":"todo","rating":2,"notes":"todo_complete kannte meine Aufgabe nicht"},{"module":"calendar","rating":5,"notes":"nie benutzt"}]}\n```',
    };
  }
  const tool = (name: string) => request.tools.find((offered) => offered === name || offered.endsWith(`__${name}`));
  if (!tool('todo_create')) return { text: 'ok' };
  const done = request.toolResults.length;
  const tag = `${request.index}`;
  if (done === 0)
    return { text: 'Ich lege eine Aufgabe an.', toolCalls: [{ id: `call_create_${tag}`, name: tool('todo_create')!, input: { title: 'Zahnarzt anrufen', priority: 'high' } }] };
  if (done === 1) {
    return {
      toolCalls: [
        { id: `call_list_${tag}`, name: tool('todo_list')!, input: {} },
        { id: `call_bad_${tag}`, name: tool('todo_complete')!, input: { todoId: MISSING_TODO } },
      ],
    };
  }
  return { text: 'Heute eine Aufgabe angelegt, das Abhaken ging schief.' };
}

beforeAll(async () => {
  harness = await createMcpHarness({ env: { MCP_RATE_LIMIT_PER_MINUTE: '100000' } });
  anthropic = await startFakeAnthropic({ script });
  openai = await startFakeOpenAi({ script });
});

afterAll(async () => {
  await anthropic?.close();
  await openai?.close();
  await harness?.close();
});

function settings(kind: DriverSettings['kind']): DriverSettings {
  return {
    kind,
    model: kind === 'openai-compatible' ? 'llama3.1' : 'claude-haiku-4-5',
    anthropicApiKey: 'sk-ant-test-key',
    anthropicBaseUrl: anthropic.url,
    openaiBaseUrl: `${openai.url}/v1`,
    openaiApiKey: 'sk-local',
    offlineDelayMs: 0,
    scratchDir: mkdtempSync(join(tmpdir(), 'mana-claude-')),
  };
}

async function liveADay(driver: PersonaDriver) {
  const user = await harness.user('persona');
  const ctx = testDayContext({ persona: testPersona({ userId: user.userId }), mcp: { url: harness.endpoint, headers: manaHeaders(user.token, user.spaceId) }, seed: 's' });
  const seen: string[] = [];
  ctx.onAction = (action) => seen.push(action.callId);
  const listedTools: { name: string }[] = [];
  ctx.onToolsListed = (tools) => listedTools.push(...(tools as { name: string }[]));
  const day = await driver.runDay(ctx);
  const rating = await driver.rateDay(ctx, day);
  const { client } = await harness.connect(user.token, user.spaceId);
  const listed = (await client.callTool({ name: 'todo_list', arguments: {} })).structuredContent as { todos: { title: string }[] };
  await client.close();
  return { day, rating, seen, titles: listed.todos.map((todo) => todo.title), listedTools };
}

function expectScriptedDay({ day, rating, seen, titles }: Awaited<ReturnType<typeof liveADay>>) {
  expect(day.termination, day.error).toBe('completed');
  const [first, ...parallel] = day.actions.map((a) => [a.toolName, a.module, a.result]);
  expect(first).toEqual(['todo_create', 'todo', 'ok']);
  // The second step's two calls run at the same time: they are recorded in the order they finish.
  expect(parallel.sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
    ['todo_complete', 'todo', 'error'],
    ['todo_list', 'todo', 'ok'],
  ]);
  const bad = day.actions.find((a) => a.result === 'error')!;
  expect(bad.callId).toMatch(/^call_bad_/);
  expect(bad.errorMessage).toMatch(/No todo with id/);
  expect(day.actions.every((a) => a.inputHash.length === 64 && a.latencyMs! >= 0)).toBe(true);
  expect(seen[0]).toBe(day.actions[0]!.callId);
  expect([...seen].sort()).toEqual(day.actions.map((a) => a.callId).sort());
  expect(day.summary).toContain('Abhaken ging schief');
  expect(day.usage.inputTokens).toBeGreaterThan(0);
  expect(day.usage.outputTokens).toBeGreaterThan(0);
  // The call really reached the app: the todo exists in the persona's space.
  expect(titles).toContain('Zahnarzt anrufen');
  // Calendar was not used today: dropped; the rating is parsed out of the prose.
  expect(rating.ratings).toEqual([{ module: 'todo', rating: 2, notes: 'todo_complete kannte meine Aufgabe nicht', status: 'rated' }]);
}

function ratingPromptOf(server: FakeServer): string {
  const body = JSON.stringify(
    server.requests
      .map((r) => r.body)
      .filter((b) => JSON.stringify(b ?? {}).includes('\\"ratings\\"'))
      .at(-1),
  );
  return body;
}

describe('LLM drivers against fake LLM APIs and the real mana-mcp', () => {
  it('anthropic: AI SDK loop over the Messages API records calls, marks the failing call, rates', async () => {
    const before = anthropic.requests.length;
    const result = await liveADay(await createDriver(settings('anthropic'), { log }));
    expectScriptedDay(result);
    expect(result.day.usage.costUsd).toBeGreaterThan(0);
    const mine = anthropic.requests.slice(before);
    expect(mine.every((r) => r.url.startsWith('/v1/messages') && r.headers['x-api-key'] === 'sk-ant-test-key')).toBe(true);
    // The rating turn sees the day's record, including the error.
    expect(ratingPromptOf(anthropic)).toContain('No todo with id');
    // The tools/list the model was given reaches the runner (the tick's surface), with each tool's schemas and annotations.
    expect(result.listedTools.map((t) => t.name).sort()).toEqual(
      manaRegistry
        .exposedTools()
        .map((t) => t.name)
        .sort(),
    );
    expect(result.listedTools.find((t) => t.name === 'todo_list')).toMatchObject({
      inputSchema: expect.any(Object),
      outputSchema: expect.any(Object),
      annotations: { readOnlyHint: true },
    });
  });

  it('the model drivers describe their simulator: the model and one hash of the prompt templates, no policy', async () => {
    for (const kind of ['anthropic', 'openai-compatible', 'claude-agent-sdk'] as const) {
      const driver = await createDriver(settings(kind), { log });
      expect(driver.describe?.()).toEqual({ model: driver.model, promptHash: promptTemplatesHash(), policyVersion: null });
    }
  });

  it('openai-compatible: the same loop over chat completions', async () => {
    const before = openai.requests.length;
    const result = await liveADay(await createDriver(settings('openai-compatible'), { log }));
    expectScriptedDay(result);
    const mine = openai.requests.slice(before);
    expect(mine.every((r) => r.url === '/v1/chat/completions' && r.headers.authorization === 'Bearer sk-local')).toBe(true);
  });

  it('claude-agent-sdk: the real SDK child process with mana-mcp as an http MCP server', async () => {
    const before = anthropic.requests.length;
    const result = await liveADay(await createDriver(settings('claude-agent-sdk'), { log }));
    expectScriptedDay(result);
    const mine = anthropic.requests.slice(before);
    expect(mine.length).toBeGreaterThanOrEqual(4);
    // With non-essential traffic off, the child talks to nothing but the Messages API.
    expect(mine.map((r) => r.url.split('?')[0]).filter((url) => url !== '/v1/messages')).toEqual([]);
    // Built-in tools are off: only mana's MCP tools are offered.
    const offered = mine.flatMap((r) => ((r.body?.tools ?? []) as { name: string }[]).map((t) => t.name));
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.every((name) => name.startsWith('mcp__mana__'))).toBe(true);
    expect(process.env.ANTHROPIC_API_KEY).toBeUndefined();
    // The child lists the tools itself: the runner lists them for the tick's surface.
    expect(result.listedTools).toEqual([]);
  }, 120_000);

  it('stores an unparseable rating answer as parse_error, never as a rating', async () => {
    const fake = await startFakeOpenAi({ script: () => ({ text: 'Alles super, fünf Sterne!' }) });
    try {
      const driver = await createDriver({ ...settings('openai-compatible'), openaiBaseUrl: `${fake.url}/v1` }, { log });
      const ctx = testDayContext({ persona: testPersona(), mcp: { url: harness.endpoint, headers: {} }, seed: 'p' });
      const day = {
        actions: [{ callId: 'c', toolName: 'todo_list', module: 'todo', input: {}, inputHash: 'h', result: 'ok' as const }],
        summary: '',
        usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
        model: 'm',
        termination: 'completed' as const,
      };
      const rating = await driver.rateDay(ctx, day);
      expect(rating.ratings).toEqual([{ module: '__parse', notes: 'Alles super, fünf Sterne!', status: 'parse_error' }]);
    } finally {
      await fake.close();
    }
  });
});

describe('budgets and abort', () => {
  /** A persona that never stops listing, until told the budget is used up. */
  const eager = (request: FakeRequest): FakeTurn => {
    if (request.toolResults.some((r) => r.content.includes('budget'))) return { text: 'Genug für heute.' };
    const list = request.tools.find((t) => t.endsWith('todo_list'));
    return list ? { toolCalls: [{ name: list, input: {} }] } : { text: 'ok' };
  };

  async function ctxFor(budgets: Partial<{ maxTurns: number; maxToolCalls: number; maxTokens: number }>, signal?: AbortSignal) {
    const user = await harness.user('persona');
    return testDayContext({ persona: testPersona(), mcp: { url: harness.endpoint, headers: manaHeaders(user.token, user.spaceId) }, seed: 'b', budgets, signal });
  }

  it('in-process loop: stops at the tool-call budget, the turn limit and the token cap', async () => {
    const fake = await startFakeOpenAi({ script: eager });
    try {
      const driver = await createDriver({ ...settings('openai-compatible'), openaiBaseUrl: `${fake.url}/v1` }, { log });
      const calls = await driver.runDay(await ctxFor({ maxToolCalls: 2, maxTurns: 10 }));
      expect([calls.termination, calls.actions.length]).toEqual(['max_tool_calls', 2]);
      const turns = await driver.runDay(await ctxFor({ maxToolCalls: 10, maxTurns: 3 }));
      expect([turns.termination, turns.actions.length]).toEqual(['max_turns', 3]);
      const tokens = await driver.runDay(await ctxFor({ maxToolCalls: 10, maxTurns: 10, maxTokens: 1 }));
      expect([tokens.termination, tokens.actions.length]).toEqual(['token_cap', 1]);
    } finally {
      await fake.close();
    }
  });

  it('in-process loop: an abort ends the day with what it has', async () => {
    const fake = await startFakeOpenAi({ script: eager, latencyMs: 200 });
    try {
      const driver = await createDriver({ ...settings('openai-compatible'), openaiBaseUrl: `${fake.url}/v1` }, { log });
      const controller = new AbortController();
      const ctx = await ctxFor({ maxToolCalls: 50, maxTurns: 50 }, controller.signal);
      // Time out as soon as the first call is recorded; without the abort the persona would make 50.
      ctx.onAction = () => controller.abort(new DOMException('tick time-out', 'TimeoutError'));
      const day = await driver.runDay(ctx);
      expect(day.termination).toBe('timeout');
      expect(day.actions.length).toBeGreaterThanOrEqual(1);
      expect(day.actions.length).toBeLessThan(3);
    } finally {
      await fake.close();
    }
  });

  it('claude-agent-sdk: the PreToolUse hook refuses calls beyond the budget and they are not recorded', async () => {
    const fake = await startFakeAnthropic({ script: eager });
    try {
      const driver = await createDriver({ ...settings('claude-agent-sdk'), anthropicBaseUrl: fake.url }, { log });
      const day = await driver.runDay(await ctxFor({ maxToolCalls: 2, maxTurns: 10 }));
      expect(day.termination, day.error).toBe('max_tool_calls');
      expect(day.actions.map((a) => [a.toolName, a.result])).toEqual([
        ['todo_list', 'ok'],
        ['todo_list', 'ok'],
      ]);
      expect(day.usage.costUsd).toBeGreaterThan(0);
    } finally {
      await fake.close();
    }
  }, 120_000);
});
