import { setTimeout as timerSleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterValue, createFifoLimit, isAppError } from '@mana/core';
import { createAuthHarness, serveOnLoopback, type AuthHarness, type LoopbackServer } from '@mana/auth/testing';
import { login } from './auth';
import { gate as testGate, UNTIL_EVENT } from '../testing/wait';

/**
 * Issue 10 §2.6: a mana-auth whose password queue is full answers 503 with
 * Retry-After; the runner's login waits as told and tries again instead of
 * failing the persona's tick. Real mana-auth, its one hash slot held by the test.
 */
let h: AuthHarness;
let server: LoopbackServer;
const credentials = { email: 'busy@mana.test', password: 'correct-horse-battery-staple' };

beforeAll(async () => {
  h = await createAuthHarness({ config: { passwordGate: { concurrency: 1, maxQueue: 0 } } });
  await h.signUp(credentials.email, credentials.password);
  server = await serveOnLoopback(h.app);
});
afterAll(async () => {
  await server?.close();
  await h?.close();
});

describe('runner login against a busy mana-auth', () => {
  it('waits for Retry-After and logs in once mana-auth has room', async () => {
    // The slot is held until the login waits after its first answer (a 503), so the test proves the retry;
    // the wait is the test's own: it records what was asked for and frees the slot, no second of real time.
    const refused = () => counterValue(h.ctx.metrics.logins, { outcome: 'unavailable' });
    const before = await refused();
    const slot = testGate();
    const held = h.ctx.passwords.run(() => slot.promise);
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      slot.open();
      await held;
    };
    const answer = await login(server.url, credentials, { timeoutMs: 10_000, retryWithinMs: 30_000, sleep });
    expect(answer.user.email).toBe(credentials.email);
    expect((await refused()) - before).toBe(1);
    // One wait, for the 1 s Retry-After plus at most half of it again (the jitter that spreads a crowd of runners).
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(1_000);
    expect(waits[0]).toBeLessThanOrEqual(1_500);
  });

  it('without a retry budget the 503 is the answer: UNAVAILABLE with the wait', async () => {
    // The slot is held until the answer is in, not for a time the login had to arrive within.
    const slot = testGate();
    const held = h.ctx.passwords.run(() => slot.promise);
    const error = await login(server.url, credentials, { timeoutMs: 10_000 }).catch((e: unknown) => e);
    slot.open();
    await held;
    expect(isAppError(error) && error.code).toBe('UNAVAILABLE');
    expect((error as { details?: { retryAfterSeconds?: number } }).details?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it("a runner's logins wait their turn at its login gate, and the wait is not part of the request time-out", async () => {
    const gate = createFifoLimit(1);
    const slot = testGate();
    const busy = gate.run(() => slot.promise);
    const logins = () => counterValue(h.ctx.metrics.logins, {});
    const sent = await logins();
    // A real login (one password hash) takes far less than this time-out even on a loaded machine.
    const requestTimeoutMs = 4_000;
    const answer = login(server.url, credentials, { timeoutMs: requestTimeoutMs, gate, retryWithinMs: 60_000 });
    await expect.poll(() => gate.stats(), UNTIL_EVENT).toEqual({ active: 1, waiting: 1 });
    // The scenario itself, not a bound: the login stays queued for longer than its request time-out. Were the
    // wait counted against it, the request would be aborted the moment it started.
    await timerSleep(requestTimeoutMs + 300);
    expect(gate.stats()).toEqual({ active: 1, waiting: 1 });
    expect(await logins()).toBe(sent); // nothing sent while it waited its turn
    slot.open();
    await busy;
    expect((await answer).user.email).toBe(credentials.email);
    expect(gate.stats()).toEqual({ active: 0, waiting: 0 });
  });

  it('a login that gets no turn within its retry budget is UNAVAILABLE, sends nothing and leaves the queue', async () => {
    const gate = createFifoLimit(1);
    const slot = testGate();
    const busy = gate.run(() => slot.promise);
    const sessions = () => h.database.query<{ n: number }>('select count(*)::int as n from sessions');
    const before = await sessions();
    const error = await login(server.url, credentials, { timeoutMs: 10_000, gate, retryWithinMs: 300 }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('UNAVAILABLE');
    expect((error as Error).message).toMatch(/No login slot of this runner within 300 ms/);
    expect(gate.stats()).toEqual({ active: 1, waiting: 0 });
    slot.open();
    await busy;
    expect(await sessions()).toEqual(before);
  });
});
