import { describe, expect, it } from 'vitest';
import { AppError } from '@mana/core';
import type { TokenVerifier } from './jwt-verifier';
import { cacheVerifiedTokens } from './token-cache';

/** Counts calls and accepts tokens listed in `valid` (this is the unit under test's collaborator, not a component of ours). */
function countingVerifier(valid: Record<string, Date>) {
  const calls: string[] = [];
  const verifier: TokenVerifier = {
    async verify(token) {
      calls.push(token);
      const expiresAt = valid[token];
      if (!expiresAt) throw new AppError('UNAUTHORIZED', 'bad token');
      return { userId: `user-of-${token}`, expiresAt };
    },
  };
  return { verifier, calls };
}

describe('cacheVerifiedTokens', () => {
  it('verifies a token once per TTL, re-verifies after it, and never caches failures', async () => {
    let now = 1_000_000;
    const { verifier, calls } = countingVerifier({ a: new Date(now + 900_000) });
    const cached = cacheVerifiedTokens(verifier, { ttlMs: 60_000, nowMs: () => now });
    expect((await cached.verify('a')).userId).toBe('user-of-a');
    await cached.verify('a');
    expect(calls).toEqual(['a']);
    now += 60_000;
    await cached.verify('a');
    expect(calls).toEqual(['a', 'a']);
    await expect(cached.verify('b')).rejects.toThrow('bad token');
    await expect(cached.verify('b')).rejects.toThrow('bad token');
    expect(calls.filter((t) => t === 'b')).toHaveLength(2);
  });

  it('does not serve a cached token past its expiry', async () => {
    let now = 0;
    const { verifier, calls } = countingVerifier({ a: new Date(30_000) });
    const cached = cacheVerifiedTokens(verifier, { ttlMs: 60_000, nowMs: () => now });
    await cached.verify('a');
    now = 30_000;
    await cached.verify('a');
    expect(calls).toHaveLength(2);
  });

  it('is bounded and can be switched off', async () => {
    const { verifier, calls } = countingVerifier({ a: new Date(1e12), b: new Date(1e12), c: new Date(1e12) });
    const cached = cacheVerifiedTokens(verifier, { ttlMs: 60_000, nowMs: () => 0, maxEntries: 2 });
    for (const token of ['a', 'b', 'c', 'a']) await cached.verify(token);
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
    expect(cacheVerifiedTokens(verifier, { ttlMs: 0, nowMs: () => 0 })).toBe(verifier);
  });
});
