import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * True when `given` equals the secret `expected`, in time independent of where
 * they differ: both are hashed to equal-length digests before `timingSafeEqual`,
 * so neither the content nor the length of the secret leaks. The one comparison
 * of shared secrets (service key, metrics token).
 */
export function secretMatches(expected: string, given: string | undefined): boolean {
  return given !== undefined && given !== '' && timingSafeEqual(digest(expected), digest(given));
}
