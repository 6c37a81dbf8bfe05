import { sql, type SQL } from 'drizzle-orm';
import { resolveSigningKey, signJWT, type JwtOptions, type ResolvedSigningKey } from 'better-auth/plugins/jwt';
import type { ManaAuth } from '../auth';

/** Better Auth's endpoint context, of which signing reads only `context` (the instance's `$context`). */
type EndpointContext = Parameters<typeof resolveSigningKey>[0];
/** The claims of one access token. */
type Payload = Parameters<typeof signJWT>[1]['payload'];

/** Signs access tokens with a cached signing key (see `createSigningKeyCache`). */
export interface TokenSigner {
  /**
   * The id of the `jwks` row Better Auth signs with now, as a scalar subquery for
   * a statement the caller runs anyway (null when there is none yet).
   */
  currentKeyId(): SQL<string | null>;
  /** Signs `payload` with the key `currentKeyId` named; another or no id resolves the key again. */
  sign(payload: Payload, currentKeyId: string | null): Promise<string>;
  /** Keys resolved through Better Auth so far (tests: a rotation resolves once, a token with the same key not at all). */
  resolutions(): number;
}

/**
 * Better Auth's `signJWT` resolves the signing key for every token: it reads
 * every `jwks` row, decrypts the private key and imports it (one statement and
 * ~1 ms of CPU per issued token). The key of a `jwks` row never changes, so the
 * resolved key is kept and reused while the row the caller's own statement
 * names as the current signing key (`currentKeyId`) is the cached one.
 * A rotation (a new row, an expired or deleted key) is a miss: the key is
 * resolved again, through Better Auth (which mints one when none is live), so
 * every token is signed with the key that was current when its request read
 * the database — as without the cache.
 */
export function createSigningKeyCache(auth: ManaAuth, options: JwtOptions): TokenSigner {
  let cached: ResolvedSigningKey | undefined;
  let pending: Promise<ResolvedSigningKey> | undefined;
  let resolutions = 0;
  const context = async () => ({ context: await auth.$context }) as unknown as EndpointContext;
  const resolve = async (): Promise<ResolvedSigningKey> => {
    resolutions++;
    const key = await resolveSigningKey(await context(), options);
    // Null only when signing is delegated to `jwt.sign`, which mana-auth does not configure.
    if (!key) throw new Error('Better Auth resolved no signing key');
    cached = key;
    return key;
  };
  const keyFor = async (latestKeyId: string | null): Promise<ResolvedSigningKey> => {
    if (cached && cached.kid === latestKeyId) return cached;
    // Concurrent misses share one resolution ...
    pending ??= resolve().finally(() => {
      pending = undefined;
    });
    const key = await pending;
    // ... unless it began before the rotation this caller has seen.
    return latestKeyId === null || key.kid === latestKeyId ? key : resolve();
  };
  // `resolveSigningKey` without overrides: the newest live key (no expiry, or expiry in the future) of the
  // primary algorithm, else the newest live key of any.
  const primaryAlg = options.jwks?.keyPairConfig?.alg ?? 'EdDSA';
  return {
    currentKeyId() {
      const now = new Date().toISOString(); // Better Auth judges key expiry on the wall clock, so do we.
      return sql<string | null>`(select j.id from jwks j where j.expires_at is null or j.expires_at > ${now}::timestamptz
        order by coalesce(j.alg, ${primaryAlg}) = ${primaryAlg} desc, j.created_at desc limit 1)`;
    },
    async sign(payload, latestKeyId) {
      return signJWT(await context(), { options, payload, resolvedKey: await keyFor(latestKeyId) });
    },
    resolutions: () => resolutions,
  };
}
