import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@mana/core';
import { createInternalApi } from '../clients/internal-api';
import { createRunner } from '../runner';
import { createScriptedDriver } from '../testing/scripted-driver';
import { createRunnerStack, type RunnerStack } from '../testing/stack';
import { runPersonaSession } from './persona-session';

let stack: RunnerStack;
const log = createLogger('runner-test', { level: 'silent' });

beforeAll(async () => {
  stack = await createRunnerStack();
});
afterAll(async () => stack?.close());

const rows = <T>(sql: string, params: unknown[] = []) => stack.database.query<T>(sql, params);

describe('a session sends its claim attempt (real mana-auth)', () => {
  it('a late session of attempt 1, after the SAME runner reclaimed the tick, cannot close attempt 2; attempt 2 completes', async () => {
    const [persona] = await stack.seed(1);
    const runner = createRunner({ config: stack.config({ RUNNER_ID: 'same-runner', PERSONA_REPORT_BATCH: '1' }), driver: createScriptedDriver(() => ({ calls: 2 })), log });
    const api = createInternalApi({ authUrl: stack.authUrl, serviceKey: stack.auth.config.serviceKey });
    const [first] = await api.claim({ runnerId: 'same-runner', limit: 1, leaseMs: 60_000 });
    stack.advance(61_000); // the first lease expires; the same runner claims the tick again
    const [second] = await api.claim({ runnerId: 'same-runner', limit: 1, leaseMs: 600_000 });
    expect(second).toMatchObject({ tickId: first.tickId, attempt: 2 });
    expect(first.attempt).toBe(1);
    const tickRow = () =>
      rows<{ status: string; attempt: number; lease_owner: string | null; finished_at: Date | null; input_tokens: number }>(
        `select status, attempt, lease_owner, finished_at, input_tokens from persona_ticks where id = $1`,
        [first.tickId],
      );
    const before = await tickRow();
    const deps = { ...runner.deps, api };

    const late = await runPersonaSession(deps, first, new AbortController().signal);
    // Its day went well, but its completion did not land (409): the pass counts it failed (issue 24 §1), and it writes nothing.
    expect(late).toMatchObject({ status: 'failed', completed: false, actions: 2, error: expect.stringMatching(/^completion failed: /) });
    expect(await tickRow()).toEqual(before);
    expect(before).toMatchObject([{ status: 'claimed', attempt: 2, lease_owner: 'same-runner', finished_at: null }]);
    // Its action batches (one per call) and its completion were all refused: nothing of attempt 1 landed.
    expect(await rows(`select id from persona_actions where persona_id = $1`, [persona.userId])).toEqual([]);
    expect(await rows(`select id from persona_feedback where persona_id = $1`, [persona.userId])).toEqual([]);

    const current = await runPersonaSession(deps, second, new AbortController().signal);
    expect(current).toMatchObject({ status: 'succeeded', completed: true, actions: 2 });
    expect(await tickRow()).toMatchObject([{ status: 'succeeded', attempt: 2, lease_owner: null }]);
    expect(await rows(`select id from persona_actions where persona_id = $1`, [persona.userId])).toHaveLength(2);
    await runner.shutdown(0);
  });
});
