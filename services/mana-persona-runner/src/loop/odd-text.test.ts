/**
 * Regression (issue 24 §1): a tool output cut inside an emoji left a lone
 * surrogate in the day's record, PostgreSQL refused the completion on every
 * attempt, 0 actions and 0 ratings were stored, and the pass said
 * `succeeded 2, failed 0`. Through the real runner, mana-auth and mana-mcp:
 * odd text is stored made valid with everything else, and a completion the
 * server refuses is a failed tick in the pass and the metrics.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isStorableText, tickRecord, type RecordCall } from '@mana/contracts';
import { counterValue, createLogger } from '@mana/core';
import { createDriver } from '../drivers/create-driver';
import { createRunner } from '../runner';
import { startFakeAnthropic } from '../testing/fakes/anthropic-messages';
import type { FakeRequest, FakeServer, FakeTurn } from '../testing/fakes/fake-llm';
import { createScriptedDriver } from '../testing/scripted-driver';
import { createRunnerStack, type RunnerStack } from '../testing/stack';

const log = createLogger('odd-text-test', { level: 'silent' });
const EMOJI_NOTES = '😀'.repeat(3000);
let stack: RunnerStack;
let anthropic: FakeServer;

/** Create a todo whose notes are 3,000 emoji, list it (the output is cut for the record), then rate with a NUL and half an emoji in the notes. */
function script(request: FakeRequest): FakeTurn {
  if (request.userText.includes('"ratings"')) return { text: '{"ratings":[{"module":"todo","rating":2,"notes":"zu viele \\u0000 Emoji \\ud83d"}]}' };
  const tool = (name: string) => request.tools.find((offered) => offered === name || offered.endsWith(`__${name}`))!;
  const done = request.toolResults.length;
  if (done === 0)
    return { text: 'Ich notiere Emoji.', toolCalls: [{ id: `call_create_${request.index}`, name: tool('todo_create'), input: { title: 'Emoji', notes: EMOJI_NOTES } }] };
  if (done === 1) return { toolCalls: [{ id: `call_list_${request.index}`, name: tool('todo_list'), input: {} }] };
  return { text: 'Fertig.' };
}

beforeAll(async () => {
  stack = await createRunnerStack({ mcpEnv: { MCP_RATE_LIMIT_PER_MINUTE: '100000' } });
  anthropic = await startFakeAnthropic({ script });
});
afterAll(async () => {
  await anthropic?.close();
  await stack?.close();
});
beforeEach(async () => {
  await stack.database.query(`delete from users where kind = 'persona'`);
});

const stored = async (personaId: string) => ({
  actions: await stack.database.query<{ n: number }>(`select count(*)::int as n from persona_actions where persona_id = $1`, [personaId]),
  feedback: await stack.database.query<{ notes: string; rating: number }>(`select notes, rating from persona_feedback where persona_id = $1`, [personaId]),
  ticks: await stack.database.query<{ status: string; error: string | null; record_error: string | null }>(
    `select status, error, record_error from persona_ticks where persona_id = $1`,
    [personaId],
  ),
  records: await stack.database.query<{ record: unknown; text: string }>(`select record, record::text as text from persona_tick_records where persona_id = $1`, [personaId]),
});

describe("odd text in a persona's day", () => {
  it('a tool output of 3,000 emoji and a rating with NUL and half an emoji: the tick, its actions, ratings and record are stored', async () => {
    const [persona] = await stack.seed(1, { moduleMix: { todo: 1 } });
    const config = stack.config({
      PERSONA_CONCURRENCY: '1',
      PERSONA_DRIVER: 'anthropic',
      ANTHROPIC_API_KEY: 'sk-ant-odd-text-key-0123456789',
      ANTHROPIC_BASE_URL: anthropic.url,
      PERSONA_MODEL: 'claude-haiku-4-5',
    });
    const runner = createRunner({ config, driver: await createDriver(config.driver, { log }), log, now: stack.now });
    try {
      const summary = await runner.scheduler!.runNow();
      expect(summary, JSON.stringify(summary.failed)).toMatchObject({ claimed: 1, succeeded: 1, failed: [] });
    } finally {
      await runner.shutdown(1_000);
    }
    const { actions, feedback, ticks, records } = await stored(persona.userId);
    expect(ticks).toEqual([{ status: 'succeeded', error: null, record_error: null }]);
    expect(actions[0].n).toBe(2);
    expect(feedback).toEqual([{ notes: 'zu viele  Emoji \ufffd', rating: 2 }]);
    const record = tickRecord.parse(records[0].record);
    const list = record.entries.find((e): e is RecordCall => e.type === 'call' && e.toolName === 'todo_list')!;
    expect(list.output!.length).toBeGreaterThan(1_900);
    expect(list.output).toContain('😀😀');
    expect(isStorableText(records[0].text)).toBe(true);
    // The app itself got the whole text.
    const [todo] = await stack.database.query<{ notes: string }>(`select notes from todos order by created_at desc limit 1`);
    expect(todo.notes).toBe(EMOJI_NOTES);
  }, 180_000);

  it('a completion the server refuses closes the tick as failed, and the pass and the metrics count it failed', async () => {
    const [persona] = await stack.seed(1, { moduleMix: { todo: 1 } });
    // A driver that files todo calls under another module: mana-auth refuses such a completion (the registry's module wins).
    const driver = createScriptedDriver(() => ({ calls: 2, module: 'notes' }));
    const runner = createRunner({ config: stack.config({ PERSONA_CONCURRENCY: '1' }), driver, log, now: stack.now });
    try {
      const summary = await runner.scheduler!.runNow();
      expect(summary).toMatchObject({ claimed: 1, succeeded: 0 });
      expect(summary.failed).toEqual([expect.objectContaining({ error: expect.stringMatching(/^completion refused: .*tool todo_create/) })]);
      expect(await counterValue(runner.deps.metrics.ticks, { outcome: 'failed' })).toBe(1);
      expect(await counterValue(runner.deps.metrics.ticks, { outcome: 'succeeded' })).toBe(0);
    } finally {
      await runner.shutdown(1_000);
    }
    const { ticks } = await stored(persona.userId);
    expect(ticks).toEqual([{ status: 'failed', error: expect.stringMatching(/^completion refused: /), record_error: null }]);
  }, 180_000);
});
