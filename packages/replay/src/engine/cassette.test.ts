/**
 * An LLM-driven day replayed as a cassette: the `anthropic` driver lives one tick
 * against the local fake Messages API (create a todo, list, complete it by the
 * id the create returned), the day is exported and replayed on a fresh database
 * with the fake still listening — it receives no request. A planted difference
 * (a recorded result that no longer matches) stops the cassette at its step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recording, RecordingCall } from '@mana/contracts';
import { createLogger, DEV_PERSONA_SEED_SECRET, DEV_SERVICE_KEY } from '@mana/core';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { createDriver, createRunner, loadRunnerConfig } from '@mana/persona-runner';
import { startFakeAnthropic, type FakeRequest, type FakeServer, type FakeTurn } from '@mana/persona-runner/testing';
import { generatePersonas } from '@mana/personas-scripts';
import { createSimulationClock } from '@mana/simulate';
import { manaRegistry } from '@mana/tools';
import { exportRecording } from '../recording/export-recording';
import { replay } from './replay';
import { startInProcessTarget } from './target';

const SLOW = 300_000;
const NO_LATENCY = { minMs: 1e9 };
const T0 = new Date('2026-11-18T08:00:00Z');
const log = createLogger('cassette-test', { level: 'silent' });

let source: TestDatabase;
let target: TestDatabase;
let fake: FakeServer;
let recording: Recording;

/** The scripted model: create a todo, list, complete the created one (its id read from the tool result), then close. */
function script(request: FakeRequest): FakeTurn {
  if (request.userText.includes('"ratings"')) return { text: '{"ratings":[{"module":"todo","rating":4,"notes":"ok"}]}' };
  const tool = (name: string) => request.tools.find((offered) => offered === name || offered.endsWith(`__${name}`))!;
  switch (request.toolResults.length) {
    case 0:
      return { text: 'Ich plane meinen Tag.', toolCalls: [{ name: tool('todo_create'), input: { title: 'Steuererklärung abgeben', priority: 'high' } }] };
    case 1:
      return { toolCalls: [{ name: tool('todo_list'), input: {} }] };
    case 2: {
      const id = /"id":"([0-9a-f-]{36})"/.exec(request.toolResults[0].content)?.[1] ?? 'missing';
      return { toolCalls: [{ name: tool('todo_complete'), input: { todoId: id } }] };
    }
    default:
      return { text: 'Aufgabe angelegt und erledigt.' };
  }
}

const callsOf = (r: Recording): RecordingCall[] => r.ticks.flatMap((t) => t.steps.filter((s): s is RecordingCall => s.type === 'call'));

beforeAll(async () => {
  [source, target] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  fake = await startFakeAnthropic({ script });
  const clock = createSimulationClock(T0);
  const live = await startInProcessTarget({ database: source, env: { LOG_LEVEL: 'silent' }, clock, log });
  try {
    const [persona] = generatePersonas(manaRegistry, { count: 1, seed: 4 });
    await live.createPersona({ ...persona, tickCadence: 'hourly', timeZone: 'UTC', moduleMix: { todo: 1 } });
    const config = loadRunnerConfig({
      PORT: '0',
      MANA_AUTH_URL: live.authUrl,
      MANA_MCP_URL: live.mcpUrl,
      MANA_SERVICE_KEY: DEV_SERVICE_KEY,
      PERSONA_SEED_SECRET: DEV_PERSONA_SEED_SECRET,
      PERSONA_DRIVER: 'anthropic',
      ANTHROPIC_API_KEY: 'sk-ant-cassette-test-0123456789',
      ANTHROPIC_BASE_URL: fake.url,
      PERSONA_MODEL: 'claude-haiku-4-5',
      PERSONA_CONCURRENCY: '1',
    });
    const runner = createRunner({ config, driver: await createDriver(config.driver, { log }), log, now: clock.now });
    try {
      clock.set(new Date(T0.getTime() + 3_600_000));
      const pass = await runner.scheduler!.runNow();
      expect(pass, JSON.stringify(pass)).toMatchObject({ claimed: 1, succeeded: 1 });
    } finally {
      await runner.shutdown(1_000);
    }
  } finally {
    await live.close();
  }
  ({ recording } = await exportRecording(source, { since: T0, until: new Date(T0.getTime() + 86_400_000) }));
}, SLOW);
afterAll(async () => {
  await fake?.close();
  await Promise.all([source?.close(), target?.close()]);
});

describe('an LLM-driven day replayed from its cassette', () => {
  it('replays every call with no difference and no request to the provider', { timeout: SLOW }, async () => {
    expect(recording.ticks.map((t) => t.fingerprint.driver)).toEqual(['anthropic']);
    expect(callsOf(recording).map((c) => c.toolName)).toEqual(['todo_create', 'todo_list', 'todo_complete']);
    const requests = fake.requests.length;
    const result = await replay({ recording, database: target, latency: NO_LATENCY });
    expect(fake.requests.length).toBe(requests);
    expect(result.differences).toEqual([]);
    expect(result.totals).toMatchObject({ calls: 3, replayed: 3, skipped: 0, divergedTicks: 0, remappedIds: 1 });
  });

  it('stops at the step whose result no longer matches what the model saw (diverged)', { timeout: SLOW }, async () => {
    const planted = structuredClone(recording);
    const list = planted.ticks[0].steps.find((s): s is RecordingCall => s.type === 'call' && s.toolName === 'todo_list')!;
    Object.assign(list, { result: 'error', output: undefined, error: 'todo_list failed (planted)' });
    const requests = fake.requests.length;
    const result = await replay({ recording: planted, database: target, latency: NO_LATENCY });
    expect(fake.requests.length).toBe(requests);
    expect(result.differences.map((d) => [d.kind, d.tool, d.step])).toEqual([
      ['error→ok', 'todo_list', 2],
      ['diverged', 'todo_list', 2],
    ]);
    expect(result.totals).toMatchObject({ calls: 3, replayed: 2, skipped: 1, divergedTicks: 1 });
    expect(result.tools.find((t) => t.tool === 'todo_complete')).toMatchObject({ replayed: 0, skipped: 1 });
    // error→ok and diverged are reported, not regressions.
    expect(result.exitCode).toBe(0);
  });
});
