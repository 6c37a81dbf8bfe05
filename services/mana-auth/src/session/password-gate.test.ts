import { describe, expect, it } from 'vitest';
import { createPasswordGate, PasswordGateFull } from './password-gate';

/** A piece of work the test finishes by hand. */
function pending() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { done, finish };
}

describe('password gate', () => {
  it('runs at most `concurrency` at once, queues the next ones in order and refuses beyond the queue with a wait', async () => {
    const gate = createPasswordGate({ concurrency: 2, maxQueue: 2 });
    const order: number[] = [];
    const works = Array.from({ length: 4 }, () => pending());
    const runs = works.map((work, i) =>
      gate.run(async () => {
        order.push(i);
        await work.done;
        return i;
      }),
    );
    await Promise.resolve();
    expect(gate.stats()).toEqual({ active: 2, queued: 2 });
    expect(order).toEqual([0, 1]);

    const refused = await gate.run(async () => 'never').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PasswordGateFull);
    expect((refused as PasswordGateFull).retryAfterSeconds).toBeGreaterThanOrEqual(1);

    works[1]!.finish();
    await runs[1];
    expect(order).toEqual([0, 1, 2]);
    for (const work of works) work.finish();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(gate.stats()).toEqual({ active: 0, queued: 0 });
  });

  it('frees the slot of a hash that throws', async () => {
    const gate = createPasswordGate({ concurrency: 1, maxQueue: 0 });
    await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run(async () => 'next')).toBe('next');
  });
});

describe('password gate on a starved machine', () => {
  it('refuses a hash whose estimated wait passes MAX_QUEUE_WAIT_MS, although the queue has room', async () => {
    let now = 0;
    const gate = createPasswordGate({ concurrency: 1, maxQueue: 1_000, nowMs: () => now });
    // Teach the moving average that a hash takes ~9 s (as on a machine loaded many times over).
    for (let i = 0; i < 80; i += 1) {
      await gate.run(async () => {
        now += 9_000;
      });
    }
    const held = pending();
    const running = gate.run(() => held.done);
    const queued = [1, 2, 3].map(() => gate.run(async () => 'ok'));
    const refused = await gate.run(async () => 'never').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PasswordGateFull);
    expect(gate.stats().queued).toBe(3);
    held.finish();
    await running;
    expect(await Promise.all(queued)).toEqual(['ok', 'ok', 'ok']);
  });
});
