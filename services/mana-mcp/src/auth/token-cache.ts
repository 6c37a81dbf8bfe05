import type { TokenVerifier, VerifiedToken } from './jwt-verifier';

/**
 * Remembers tokens that verified recently, so a session's every request does not
 * pay for an Ed25519 signature check again (~0.1-0.2 ms each on a 2-core box).
 * Expiry is still checked on every request against the clock; `ttlMs` bounds how
 * long a token stays accepted after its signing key was withdrawn from the JWKS.
 * Only successes are cached; the oldest entry goes when `maxEntries` is reached.
 */
export function cacheVerifiedTokens(inner: TokenVerifier, options: { ttlMs: number; nowMs: () => number; maxEntries?: number }): TokenVerifier {
  if (options.ttlMs <= 0) return inner;
  const maxEntries = options.maxEntries ?? 10_000;
  const cache = new Map<string, { token: VerifiedToken; verifiedAtMs: number }>();
  return {
    async verify(token) {
      const now = options.nowMs();
      const hit = cache.get(token);
      if (hit && now - hit.verifiedAtMs < options.ttlMs && (!hit.token.expiresAt || hit.token.expiresAt.getTime() > now)) return hit.token;
      cache.delete(token);
      const verified = await inner.verify(token);
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
      cache.set(token, { token: verified, verifiedAtMs: now });
      return verified;
    },
  };
}
