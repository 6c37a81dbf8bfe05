import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { AppError } from '@mana/core';

/** Who a verified bearer token speaks for. */
export interface VerifiedToken {
  userId: string;
  /** The `email` claim mana-auth puts in every token. */
  email?: string;
  expiresAt?: Date;
}

/** Verifies a bearer token; throws `AppError('UNAUTHORIZED')` for any bad token. */
export interface TokenVerifier {
  verify(token: string): Promise<VerifiedToken>;
}

export interface JwtVerifierOptions {
  /** `${MANA_AUTH_URL}/api/auth/jwks`. */
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** Minimum time between refetches caused by an unknown key id (a rotated key). */
  cooldownMs: number;
  /** The clock tokens are checked against; injectable to test expiry. */
  now: () => Date;
}

/**
 * Verifies mana-auth's JWTs against its JWKS. The key set is fetched once and
 * cached; a token signed with a key id the cache does not know (mana-auth rotated
 * its key) makes jose refetch the set, at most once per cooldown, so a flood of
 * forged key ids cannot hammer mana-auth.
 */
export function createJwtVerifier(options: JwtVerifierOptions): TokenVerifier {
  const keySet = createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: options.cooldownMs, cacheMaxAge: 10 * 60_000, timeoutDuration: 5_000 });
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keySet, { issuer: options.issuer, audience: options.audience, currentDate: options.now() });
        if (!payload.sub) throw new AppError('UNAUTHORIZED', 'Token has no subject');
        return { userId: payload.sub, email: typeof payload.email === 'string' ? payload.email : undefined, expiresAt: payload.exp ? new Date(payload.exp * 1000) : undefined };
      } catch (error) {
        throw toAuthError(error);
      }
    },
  };
}

function toAuthError(error: unknown): Error {
  if (error instanceof AppError) return error;
  if (error instanceof errors.JWTExpired) return new AppError('UNAUTHORIZED', 'Token expired; log in again to get a fresh one');
  if (error instanceof errors.JWTClaimValidationFailed) return new AppError('UNAUTHORIZED', `Token rejected: ${error.message}`);
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return new AppError('INTERNAL', 'Cannot verify tokens right now: the key set of mana-auth is unavailable');
  }
  if (error instanceof errors.JOSEError) return new AppError('UNAUTHORIZED', 'Token signature or format is invalid');
  if (error instanceof TypeError) return new AppError('INTERNAL', 'Cannot verify tokens right now: mana-auth is unreachable');
  return new AppError('UNAUTHORIZED', 'Token is invalid');
}
