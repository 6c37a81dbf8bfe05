import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterValue, createLogger } from '@mana/core';
import { createRunner } from '../runner';
import { createScriptedDriver } from '../testing/scripted-driver';
import { createRunnerStack, type RunnerStack } from '../testing/stack';

let stack: RunnerStack;
const DAY = 86_400_000;

beforeAll(async () => {
  stack = await createRunnerStack();
});
afterAll(async () => stack?.close());

describe('refresh tokens against real mana-auth', () => {
  it('a daily persona ticking on 5 consecutive simulated days logs in by password once and refreshes on the other four', async () => {
    const [persona] = await stack.seed(1, { prefix: 'daily' });
    await stack.database.query(`update personas set tick_cadence = 'daily' where user_id = $1`, [persona.userId]);
    const runner = createRunner({
      config: stack.config(),
      driver: createScriptedDriver(() => ({ calls: 1 })),
      log: createLogger('runner-test', { level: 'silent' }),
      now: stack.now,
    });
    for (let day = 1; day <= 5; day++) {
      const summary = await runner.scheduler!.runNow();
      expect(summary, `day ${day}`).toMatchObject({ claimed: 1, succeeded: 1 });
      stack.advance(DAY);
    }
    const { logins } = runner.deps.metrics;
    expect(await counterValue(logins, { method: 'password' })).toBe(1);
    expect(await counterValue(logins, { method: 'refresh' })).toBe(4);
    const ticks = await stack.database.query<{ n: number }>(`select count(*)::int as n from persona_ticks where persona_id = $1 and status = 'succeeded'`, [persona.userId]);
    expect(ticks[0].n).toBe(5);
    // One session for the persona: the login's refresh token, still valid after five days.
    const sessions = await stack.database.query<{ n: number }>(`select count(*)::int as n from sessions where user_id = $1`, [persona.userId]);
    expect(sessions[0].n).toBe(2); // the sign-up's session and the login's
    await runner.shutdown();
  });

  it('a revoked refresh token sends the runner back to the password', async () => {
    const [persona] = await stack.seed(1, { prefix: 'revoked' });
    const runner = createRunner({
      config: stack.config(),
      driver: createScriptedDriver(() => ({ calls: 1 })),
      log: createLogger('runner-test', { level: 'silent' }),
      now: stack.now,
    });
    await runner.deps.sessions.get(persona.email);
    await stack.database.query(`delete from sessions where user_id = $1`, [persona.userId]);
    stack.advance(DAY);
    await runner.deps.sessions.get(persona.email);
    expect(await counterValue(runner.deps.metrics.logins, { method: 'password' })).toBe(2);
    expect(await counterValue(runner.deps.metrics.logins, { method: 'refresh' })).toBe(0);
    await runner.shutdown();
  });
});
