/**
 * §2.3 faults of the LLM API, with the runner as its own process on the
 * `anthropic` driver (the AI SDK) against a local Messages API fake that
 * misbehaves on demand: 429 with `retry-after`, 500, an answer that never
 * comes, a body cut mid-way, a 200 that is not JSON. Each time the runner stays
 * up, the tick fails cleanly with its error recorded and a back-off set, no
 * rating is written for a failed day, nothing stays leased, and once the API
 * is well again every failed tick succeeds on its retry with no one's help.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultyLlm, type FaultyLlm, type LlmFault } from './harness/faulty-llm';
import type { ServiceProcess } from './harness/service';
import { startStack, type Stack } from './harness/stack';

const PER_FAULT = 3;
// Longer than the 429 retry-after (3 s): the step time-out covers the wait before the retry.
const LLM_TIMEOUT_MS = 5_000;

let stack: Stack;
let llm: FaultyLlm;
let runner: ServiceProcess;
beforeAll(async () => {
  llm = await startFaultyLlm();
  stack = await startStack({
    runnerEnv: {
      PERSONA_DRIVER: 'anthropic',
      PERSONA_MODEL: 'claude-haiku-4-5',
      ANTHROPIC_API_KEY: 'sk-ant-fault-drill',
      ANTHROPIC_BASE_URL: llm.url,
      PERSONA_LLM_TIMEOUT_MS: String(LLM_TIMEOUT_MS),
      PERSONA_TIMEOUT_MS: '30000',
      PERSONA_CONCURRENCY: '6',
      PASS_INTERVAL_MS: '300',
    },
  });
  runner = await stack.startRunner(`${(await stack.startMcp()).url}/mcp`);
});
afterAll(async () => {
  await stack?.close();
  await llm?.close();
});

interface TickRow {
  id: string;
  persona_id: string;
  status: string;
  attempt: number;
  error: string | null;
  finished_at: Date | null;
  next_attempt_at: Date | null;
  ratings: number;
}

const ticksOf = (personaIds: string[]) =>
  stack.database.query<TickRow>(
    `select t.id, t.persona_id, t.status, t.attempt, t.error, t.finished_at, t.next_attempt_at,
       (select count(*)::int from persona_feedback f where f.tick_id = t.id and f.status = 'rated') as ratings
     from persona_ticks t where t.persona_id in (select jsonb_array_elements_text($1::jsonb)) order by t.id`,
    [JSON.stringify(personaIds)],
  );

const finished = async (personaIds: string[], status: string) => {
  const rows = await ticksOf(personaIds);
  return rows.length === personaIds.length && rows.every((t) => t.status === status);
};

async function expectRunnerUp(): Promise<void> {
  expect(runner.child.exitCode).toBeNull();
  expect((await fetch(`${runner.url}/health`)).status).toBe(200);
}

/** What a failed tick's error says for each fault (the runner's own words, or the AI SDK's). */
const expectedError: Record<Exclude<LlmFault, 'none' | 'rate-limited'>, RegExp> = {
  'server-error': /Failed after 2 attempts.*api_error/i,
  hang: /timeout|timed out/i,
  cut: /Failed to process successful response|terminated|socket|premature|ECONNRESET/i,
  malformed: /Invalid JSON response/i,
};

describe('faults of the LLM API (anthropic driver, runner as a process)', () => {
  const failedPersonas: string[] = [];

  it('429 with retry-after: the client waits as told and the day succeeds', async () => {
    llm.fault = 'rate-limited';
    const personas = await stack.seedPersonas(PER_FAULT);
    await expect.poll(() => finished(personas, 'succeeded'), { timeout: 240_000, interval: 250, message: 'rate-limited days to finish' }).toBe(true);
    const ticks = await ticksOf(personas);
    expect(ticks.every((t) => t.attempt === 1 && t.ratings === 1)).toBe(true);
    expect(llm.retries.length).toBeGreaterThanOrEqual(PER_FAULT);
    // A lower bound set by the protocol, not by the machine: no retry came before retry-after said.
    for (const retry of llm.retries.filter((r) => r.retriedAt !== undefined)) {
      expect(retry.retriedAt! - retry.refusedAt).toBeGreaterThanOrEqual(llm.retryAfterSeconds * 1000 - 50);
    }
    await expectRunnerUp();
  });

  for (const fault of ['server-error', 'hang', 'cut', 'malformed'] as const) {
    it(`${fault}: the tick fails cleanly with the error recorded and a back-off, no rating, the runner stays up`, async () => {
      llm.fault = fault;
      const personas = await stack.seedPersonas(PER_FAULT);
      await expect.poll(() => finished(personas, 'failed'), { timeout: 240_000, interval: 250, message: `${fault} ticks to fail` }).toBe(true);
      for (const tick of await ticksOf(personas)) {
        expect(tick.error, tick.id).toMatch(expectedError[fault]);
        expect(tick.ratings, tick.id).toBe(0);
        expect(tick.next_attempt_at, tick.id).not.toBeNull();
        expect(new Date(tick.next_attempt_at!).getTime()).toBeGreaterThan(new Date(tick.finished_at!).getTime());
      }
      await expectRunnerUp();
      failedPersonas.push(...personas);
    });
  }

  it('recovers without anyone: once the API is well, every failed tick succeeds on its retry after the back-off', async () => {
    llm.fault = 'none';
    expect(failedPersonas).toHaveLength(4 * PER_FAULT);
    // The first back-off is 60 s.
    await expect.poll(() => finished(failedPersonas, 'succeeded'), { timeout: 300_000, interval: 250, message: 'failed ticks to succeed on retry' }).toBe(true);
    const ticks = await ticksOf(failedPersonas);
    expect(ticks.every((t) => t.attempt === 2 && t.ratings === 1 && t.error === null)).toBe(true);
    const [leased] = await stack.database.query<{ n: number }>(`select count(*)::int as n from persona_ticks where status in ('claimed', 'running')`);
    expect(leased!.n).toBe(0);
    await expectRunnerUp();
  });
});
