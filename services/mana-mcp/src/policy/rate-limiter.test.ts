import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter';

describe('createRateLimiter', () => {
  it('allows N calls per rolling minute per key, then refuses with the wait time', () => {
    const limiter = createRateLimiter({ limit: 3 });
    expect(limiter.check('u1:todo_list', 0).allowed).toBe(true);
    expect(limiter.check('u1:todo_list', 10_000).allowed).toBe(true);
    expect(limiter.check('u1:todo_list', 20_000).allowed).toBe(true);
    expect(limiter.check('u1:todo_list', 30_000)).toEqual({ allowed: false, retryAfterMs: 30_000 });
    expect(limiter.check('u2:todo_list', 30_000).allowed).toBe(true);
    expect(limiter.check('u1:notes_list', 30_000).allowed).toBe(true);
  });

  it('rolls: the oldest call leaving the window frees one slot, refusals are not counted', () => {
    const limiter = createRateLimiter({ limit: 2 });
    limiter.check('k', 0);
    limiter.check('k', 30_000);
    for (let t = 31_000; t < 60_000; t += 1000) expect(limiter.check('k', t).allowed).toBe(false);
    expect(limiter.check('k', 60_001).allowed).toBe(true);
    expect(limiter.check('k', 60_002).allowed).toBe(false);
    expect(limiter.check('k', 90_001).allowed).toBe(true);
  });

  it('prune keeps keys with recent calls', () => {
    const limiter = createRateLimiter({ limit: 1 });
    limiter.check('old', 0);
    limiter.check('new', 59_000);
    limiter.prune(61_000);
    expect(limiter.check('old', 61_000).allowed).toBe(true);
    expect(limiter.check('new', 61_000).allowed).toBe(false);
  });
});
