import { describe, expect, it } from 'vitest';
import { runWorkerPool } from './worker-pool';

/** A promise the test resolves by hand, so ordering is exact and no timing is involved. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Lets every promise callback queued so far run (one turn of the event loop), so the pool reacts before the next step. */
const tick = () => new Promise((r) => setImmediate(r));

/** The pool's promise with a flag: the tests check that it is still pending while work is held. */
function watched<T>(pool: Promise<T>): { pool: Promise<T>; settled: () => boolean } {
  let settled = false;
  return { pool: pool.finally(() => (settled = true)), settled: () => settled };
}

describe('runWorkerPool', () => {
  it('refills a slot as soon as it frees instead of waiting for the whole chunk', async () => {
    const gates = new Map<number, ReturnType<typeof deferred>>();
    const events: string[] = [];
    let next = 0;
    const total = 6;
    const pool = runWorkerPool({
      concurrency: 3,
      canClaim: () => true,
      claim: async (limit) => {
        events.push(`claim ${limit}`);
        const items = Array.from({ length: Math.min(limit, total - next) }, () => next++);
        return items;
      },
      work: async (item) => {
        const gate = deferred();
        gates.set(item, gate);
        events.push(`start ${item}`);
        await gate.promise;
        events.push(`end ${item}`);
      },
    });
    await tick();
    expect(events).toEqual(['claim 3', 'start 0', 'start 1', 'start 2']);
    gates.get(1)!.resolve();
    await tick();
    // Item 3 starts while 0 and 2 are still running: no fixed chunks.
    expect(events.slice(4)).toEqual(['end 1', 'claim 1', 'start 3']);
    gates.get(0)!.resolve();
    gates.get(2)!.resolve();
    await tick();
    // Each freed slot is claimed as soon as it frees (one claim in flight at a time).
    expect(events.slice(7).filter((e) => e.startsWith('start'))).toEqual(['start 4', 'start 5']);
    gates.get(3)!.resolve();
    gates.get(4)!.resolve();
    gates.get(5)!.resolve();
    // The answer to the last claim (1 slot free, 0 items) ends the run.
    await expect(pool).resolves.toEqual({ claimed: 6, released: 0, claimError: undefined });
    expect(events.at(-1)).toMatch(/^claim /);
  });

  it('never runs more than `concurrency` items and never claims twice at once', async () => {
    let active = 0;
    let maxActive = 0;
    let claimsInFlight = 0;
    let maxClaims = 0;
    let next = 0;
    // Claims and items wait until the test lets them go, in an interleaved order: items finish while a claim
    // is still unanswered, and several finish in one turn (no timers, so the same order every run).
    const claims: ReturnType<typeof deferred>[] = [];
    const running: ReturnType<typeof deferred>[] = [];
    const { pool, settled } = watched(
      runWorkerPool({
        concurrency: 4,
        canClaim: () => true,
        claim: async (limit) => {
          claimsInFlight += 1;
          maxClaims = Math.max(maxClaims, claimsInFlight);
          const answer = deferred();
          claims.push(answer);
          await answer.promise;
          claimsInFlight -= 1;
          return Array.from({ length: Math.min(limit, 40 - next) }, () => next++);
        },
        work: async () => {
          active += 1;
          maxActive = Math.max(maxActive, active);
          const gate = deferred();
          running.push(gate);
          await gate.promise;
          active -= 1;
        },
        onActiveChange: (n) => expect(n).toBeLessThanOrEqual(4),
      }),
    );
    for (let step = 0; !settled(); step++) {
      await tick();
      if (settled()) break;
      if (claims.length === 0 && running.length === 0) throw new Error(`step ${step}: the pool waits for nothing the test holds`);
      if (step % 3 === 0 && claims.length > 0) claims.shift()!.resolve();
      else if (running.length > 0) for (const gate of running.splice(step % running.length, 1 + (step % 2))) gate.resolve();
      else claims.shift()!.resolve();
    }
    const result = await pool;
    expect(result.claimed).toBe(40);
    expect(maxActive).toBe(4);
    expect(maxClaims).toBe(1);
  });

  it('isolates a failing item: the others finish and the error is reported', async () => {
    const done: number[] = [];
    const errors: string[] = [];
    let next = 0;
    const result = await runWorkerPool({
      concurrency: 2,
      canClaim: () => true,
      claim: async (limit) => Array.from({ length: Math.min(limit, 5 - next) }, () => next++),
      work: async (item) => {
        if (item === 1) throw new Error('boom');
        done.push(item);
      },
      onError: (error) => errors.push((error as Error).message),
    });
    expect(result.claimed).toBe(5);
    expect(done.sort()).toEqual([0, 2, 3, 4]);
    expect(errors).toEqual(['boom']);
  });

  it('stops claiming when canClaim turns false and drains what runs', async () => {
    let accepting = true;
    let next = 0;
    const finished: number[] = [];
    const gates = new Map<number, ReturnType<typeof deferred>>();
    const { pool, settled } = watched(
      runWorkerPool({
        concurrency: 2,
        canClaim: () => accepting,
        claim: async (limit) => Array.from({ length: limit }, () => next++),
        work: async (item) => {
          accepting = false;
          const gate = deferred();
          gates.set(item, gate);
          await gate.promise;
          finished.push(item);
        },
      }),
    );
    await tick();
    expect([...gates.keys()]).toEqual([0, 1]);
    // Claiming has stopped, but the pool waits for what runs: not settled while either item is held.
    gates.get(1)!.resolve();
    await tick();
    expect(settled()).toBe(false);
    gates.get(0)!.resolve();
    const result = await pool;
    expect(result.claimed).toBe(2);
    expect(finished).toEqual([1, 0]);
  });

  it('a failing claim stops claiming, drains running work and reports the error', async () => {
    let calls = 0;
    const finished: number[] = [];
    const held = deferred();
    const { pool, settled } = watched(
      runWorkerPool({
        concurrency: 2,
        canClaim: () => true,
        claim: async () => {
          calls += 1;
          if (calls > 1) throw new Error('auth down');
          return [7];
        },
        work: async (item) => {
          await held.promise;
          finished.push(item);
        },
      }),
    );
    await tick();
    expect(settled()).toBe(false);
    held.resolve();
    const result = await pool;
    // The first answer (1 of 2) already meant "nothing more due", so the failing claim is never made.
    expect(calls).toBe(1);
    expect(result).toEqual({ claimed: 1, released: 0, claimError: undefined });
    expect(finished).toEqual([7]);

    calls = 0;
    const failing = await runWorkerPool({
      concurrency: 1,
      canClaim: () => true,
      claim: async () => {
        calls += 1;
        if (calls > 1) throw new Error('auth down');
        return [8];
      },
      work: async () => undefined,
    });
    expect(failing.claimed).toBe(1);
    expect(failing.claimError?.message).toBe('auth down');
  });

  it('with claimAhead a freed slot restarts from the claimed queue without waiting for a claim', async () => {
    const gates = new Map<number, ReturnType<typeof deferred>>();
    const events: string[] = [];
    const claimGate = { current: deferred() };
    let next = 0;
    const pool = runWorkerPool({
      concurrency: 2,
      claimAhead: 1,
      canClaim: () => true,
      claim: async (limit) => {
        events.push(`claim ${limit}`);
        if (next > 0) await claimGate.current.promise;
        return Array.from({ length: Math.min(limit, 4 - next) }, () => next++);
      },
      work: async (item) => {
        const gate = deferred();
        gates.set(item, gate);
        events.push(`start ${item}`);
        await gate.promise;
      },
    });
    await tick();
    expect(events).toEqual(['claim 3', 'start 0', 'start 1']);
    gates.get(0)!.resolve();
    await tick();
    // Item 2 was claimed ahead: it starts at once, while the refill claim is still pending.
    expect(events.slice(3)).toEqual(['start 2', 'claim 1']);
    claimGate.current.resolve();
    await tick();
    gates.get(1)!.resolve();
    await tick();
    expect(events).toContain('start 3');
    gates.get(2)!.resolve();
    gates.get(3)!.resolve();
    await expect(pool).resolves.toEqual({ claimed: 4, released: 0, claimError: undefined });
  });

  it('on stopping, claimed items that have not started are released, not started', async () => {
    let stopping = false;
    const releasedItems: number[] = [];
    const started: number[] = [];
    let next = 0;
    const held = deferred();
    const pool = runWorkerPool({
      concurrency: 1,
      claimAhead: 2,
      canClaim: () => !stopping,
      stopping: () => stopping,
      claim: async (limit) => Array.from({ length: limit }, () => next++),
      work: async (item) => {
        started.push(item);
        stopping = true;
        await held.promise;
      },
      release: async (items) => {
        releasedItems.push(...items);
      },
    });
    // Item 0 runs with stopping set: 1 and 2 wait, neither started nor claimed past, until it ends.
    await tick();
    expect(started).toEqual([0]);
    expect(next).toBe(3);
    held.resolve();
    const result = await pool;
    expect(started).toEqual([0]);
    expect(releasedItems).toEqual([1, 2]);
    expect(result).toEqual({ claimed: 3, released: 2, claimError: undefined });
  });
});
