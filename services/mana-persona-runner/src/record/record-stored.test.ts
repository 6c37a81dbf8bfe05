/**
 * The day's record end to end: each of the four drivers (the LLM drivers against
 * the local fake APIs) plays a tick through the runner, real mana-auth and real
 * mana-mcp, and the stored record holds exactly that tick's calls, the persona's
 * words and the rating answer, with no secret in it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tickRecord, type RecordCall, type TickRecord } from '@mana/contracts';
import { createLogger } from '@mana/core';
import { createDriver } from '../drivers/create-driver';
import { createRunner } from '../runner';
import { startFakeAnthropic } from '../testing/fakes/anthropic-messages';
import type { FakeRequest, FakeServer, FakeTurn } from '../testing/fakes/fake-llm';
import { startFakeOpenAi } from '../testing/fakes/openai-chat';
import { driverEnvs } from '../testing/driver-env';
import { createRunnerStack, type RunnerStack } from '../testing/stack';

const log = createLogger('record-test', { level: 'silent' });
const API_KEY = 'sk-ant-record-test-key-0123456789';
const OPENAI_KEY = 'sk-local-record-key-98765';
const LEAKED_JWT = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJzb21lb25lLWVsc2UifQ.c2lnbmF0dXJlLXBhcnQ';
let stack: RunnerStack;
let anthropic: FakeServer;
let openai: FakeServer;

/** Create a todo whose fields carry a token and the API key (a careless model), list, then close; rate in JSON. */
function script(request: FakeRequest): FakeTurn {
  if (request.userText.includes('"ratings"')) return { text: `{"ratings":[{"module":"todo","rating":3,"notes":"ok, key ${API_KEY}"}]}` };
  const tool = (name: string) => request.tools.find((offered) => offered === name || offered.endsWith(`__${name}`));
  if (!tool('todo_create')) return { text: 'ok' };
  const done = request.toolResults.length;
  if (done === 0)
    return {
      text: 'Ich räume meine Aufgaben auf.',
      toolCalls: [{ id: `call_create_${request.index}`, name: tool('todo_create')!, input: { title: `Token Bearer ${LEAKED_JWT}`, notes: `key ${API_KEY} / ${OPENAI_KEY}` } }],
    };
  if (done === 1) return { toolCalls: [{ id: `call_list_${request.index}`, name: tool('todo_list')!, input: {} }] };
  return { text: 'Eine Aufgabe angelegt und die Liste angesehen.' };
}

beforeAll(async () => {
  stack = await createRunnerStack({ mcpEnv: { MCP_RATE_LIMIT_PER_MINUTE: '100000' } });
  anthropic = await startFakeAnthropic({ script });
  openai = await startFakeOpenAi({ script });
});
afterAll(async () => {
  await anthropic?.close();
  await openai?.close();
  await stack?.close();
});
beforeEach(async () => {
  await stack.database.query(`delete from users where kind = 'persona'`);
});

const envOf = () => driverEnvs({ anthropic, openai, anthropicKey: API_KEY, openaiKey: OPENAI_KEY, scratchPrefix: 'mana-record-' });

/** Plays one tick of one fresh persona with the driver and returns what was stored. */
async function playWith(kind: string) {
  const [persona] = await stack.seed(1, { moduleMix: { todo: 3, notes: 1 } });
  const config = stack.config({ PERSONA_CONCURRENCY: '1', ...envOf()[kind as keyof ReturnType<typeof envOf>]() });
  const runner = createRunner({ config, driver: await createDriver(config.driver, { log }), log, now: stack.now });
  try {
    const summary = await runner.scheduler!.runNow();
    expect(summary, JSON.stringify(summary.failed)).toMatchObject({ claimed: 1, succeeded: 1 });
  } finally {
    await runner.shutdown(1_000);
  }
  const [row] = await stack.database.query<{ tick_id: string; version: number; record: TickRecord; bytes: number; text: string }>(
    `select r.tick_id, r.version, r.record, r.bytes, r.record::text as text from persona_tick_records r where r.persona_id = $1`,
    [persona.userId],
  );
  const actions = await stack.database.query<{ call_id: string; tool_name: string; called_at: Date; created_at: Date }>(
    `select call_id, tool_name, called_at, created_at from persona_actions where persona_id = $1 order by called_at`,
    [persona.userId],
  );
  return { row, actions, record: tickRecord.parse(row.record) };
}

function expectRecordOfTheTick({ row, actions, record }: Awaited<ReturnType<typeof playWith>>, kind: string) {
  expect(row.version).toBe(1);
  expect(record.driver).toBe(kind);
  const calls = record.entries.filter((e): e is RecordCall => e.type === 'call');
  // Exactly the calls of this tick, in the order they were sent, each with the time of the call.
  expect(calls.map((c) => c.callId)).toEqual(actions.map((a) => a.call_id));
  expect(calls.map((c) => c.at)).toEqual(actions.map((a) => new Date(a.called_at).toISOString()));
  expect(calls.length).toBeGreaterThan(0);
  expect(calls.every((c) => (c.result === 'error' ? Boolean(c.error) : c.output !== undefined))).toBe(true);
  expect(record.entries.find((e) => e.type === 'message')).toMatchObject({ kind: 'intent' });
  expect(record.entries.filter((e) => e.type === 'message' && e.kind === 'summary')).toHaveLength(1);
  expect(record.entries.at(-1)).toMatchObject({ type: 'rating' });
  expect(row.bytes).toBeGreaterThan(0);
}

function expectNoSecrets(text: string) {
  for (const secret of [API_KEY, OPENAI_KEY, LEAKED_JWT]) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/Bearer ey/);
}

describe("the day's record of each driver, stored with the tick", () => {
  it('offline: its own steps, the plan, the summary and the rating answer', async () => {
    const played = await playWith('offline');
    expectRecordOfTheTick(played, 'offline');
    // The action rows carry the time of each call, not one completion time for all.
    expect(new Set(played.actions.map((a) => new Date(a.called_at).getTime())).size).toBe(played.actions.length);
    expect(played.actions.every((a) => new Date(a.called_at) <= new Date(a.created_at))).toBe(true);
    const first = played.record.entries.find((e): e is RecordCall => e.type === 'call')!;
    expect(first.arguments).toEqual(expect.any(Object));
  });

  for (const kind of ['anthropic', 'openai-compatible', 'claude-agent-sdk']) {
    it(`${kind}: the persona's words, the calls with arguments as sent (secrets removed) and the rating answer`, async () => {
      const played = await playWith(kind);
      expectRecordOfTheTick(played, kind);
      expect(played.record.entries.map((e) => (e.type === 'call' ? e.toolName : e.type === 'message' ? e.kind : e.type))).toEqual([
        'intent',
        'todo_create',
        'todo_list',
        'summary',
        'rating',
      ]);
      const create = played.record.entries.find((e): e is RecordCall => e.type === 'call' && e.toolName === 'todo_create')!;
      expect(create.arguments).toMatchObject({ title: 'Token Bearer [redacted]', notes: 'key [redacted] / [redacted]' });
      expect(played.record.entries[0]).toMatchObject({ text: 'Ich räume meine Aufgaben auf.' });
      expectNoSecrets(played.row.text);
      // The app still got the arguments as sent: only the record is redacted.
      const [todo] = await stack.database.query<{ title: string }>(`select title from todos order by created_at desc limit 1`);
      expect(todo.title).toContain(LEAKED_JWT);
    }, 180_000);
  }
});
