import { describe, expect, it } from 'vitest';
import { createFifoLimit } from './fifo-limit';

/** Work the test finishes by hand. */
function pending() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { done, finish };
}

describe('FIFO limit (regression: 1,000 runner slots opened ~1,000 connections to mana-auth at once)', () => {
  it('runs at most max at once; the next starts as one finishes', async () => {
    const limit = createFifoLimit(2);
    const works = [pending(), pending(), pending()];
    const started: number[] = [];
    const runs = works.map((work, i) =>
      limit.run(async () => {
        started.push(i);
        await work.done;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(limit.stats()).toEqual({ active: 2, waiting: 1 });
    works[0]!.finish();
    await runs[0];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    works[1]!.finish();
    works[2]!.finish();
    await Promise.all(runs);
    expect(limit.stats()).toEqual({ active: 0, waiting: 0 });
  });

  it('a request whose time-out fires while it waits leaves the queue with the signal reason and never runs', async () => {
    const limit = createFifoLimit(1);
    const held = pending();
    const first = limit.run(() => held.done);
    let ran = false;
    const late = limit.run(async () => {
      ran = true;
    }, AbortSignal.timeout(50));
    await expect(late).rejects.toThrow(/timeout|aborted/i);
    expect(limit.stats()).toEqual({ active: 1, waiting: 0 });
    held.finish();
    await first;
    expect(ran).toBe(false);
    expect(limit.stats()).toEqual({ active: 0, waiting: 0 });
  });
});
