import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * How a persona's password is stored. A person's password gets Better Auth's
 * scrypt: slow on purpose (~170 ms of CPU here), so that whoever steals the
 * hashes can try few guesses of a password a human chose. A persona's password
 * is not guessable: mana-auth derives it itself (`derivePersonaPassword`,
 * HMAC-SHA256 of PERSONA_SEED_SECRET and the e-mail, 32 letters and digits,
 * ~190 bits), so stretching it buys nothing, and it cost every persona one
 * scrypt at seeding and one at each password login. It is stored the way API
 * keys are: one salted digest, compared in constant time.
 *
 * The digest is an HMAC keyed with BETTER_AUTH_SECRET, which the database does
 * not hold: a plain digest would let whoever copies the `accounts` table test
 * guesses of PERSONA_SEED_SECRET offline at hash speed (a guess gives every
 * persona's password), where scrypt made each guess cost 170 ms. Rotating
 * BETTER_AUTH_SECRET (which signs out everyone anyway) leaves persona hashes
 * unverifiable until the next seeding rewrites them.
 *
 * A persona's login is answered without scrypt, so its timing tells a persona's
 * e-mail from a person's (an unknown e-mail and a wrong password still cost a
 * scrypt). Persona accounts are synthetic and flagged `kind = persona` anyway.
 *
 * Only a password mana-auth derived gets this hash: `PersonaPasswords.derived`
 * marks it while the persona upsert's sign-up stores it. Any other password
 * (sign-up, a persona's own password change, an admin) keeps scrypt.
 */
const PREFIX = 'hmac-sha256$';

/** A fresh salted hash of a server-derived persona password, keyed with `key` (BETTER_AUTH_SECRET). */
export function hashPersonaPassword(password: string, key: string): string {
  const salt = randomBytes(16);
  return `${PREFIX}${salt.toString('base64url')}$${digest(key, salt, password).toString('base64url')}`;
}

/** Whether a stored hash is a persona hash (Better Auth's scrypt hashes are `salt:key` in hex). */
export function isPersonaPasswordHash(hash: string): boolean {
  return hash.startsWith(PREFIX);
}

/** Checks a password against a persona hash made with the same `key`; false for anything malformed. */
export function verifyPersonaPassword(hash: string, password: string, key: string): boolean {
  if (!isPersonaPasswordHash(hash)) return false;
  const parts = hash.slice(PREFIX.length).split('$');
  const [salt, expected] = parts;
  if (parts.length !== 2 || !salt || !expected) return false;
  const wanted = Buffer.from(expected, 'base64url');
  const actual = digest(key, Buffer.from(salt, 'base64url'), password);
  return wanted.length === actual.length && timingSafeEqual(wanted, actual);
}

function digest(key: string, salt: Buffer, password: string): Buffer {
  return createHmac('sha256', key).update(salt).update(password.normalize('NFKC'), 'utf8').digest();
}

/**
 * The passwords mana-auth derived and is storing right now. Better Auth's hash
 * hook sees only the password, so the persona upsert names it here for the
 * length of its sign-up; a count, because two upserts of one e-mail may overlap.
 */
export interface PersonaPasswords {
  /** Runs `work` with `password` known as server-derived. */
  derived<T>(password: string, work: () => Promise<T>): Promise<T>;
  /** Whether `password` is being stored by a persona upsert. */
  isDerived(password: string): boolean;
}

export function createPersonaPasswords(): PersonaPasswords {
  const pending = new Map<string, number>();
  return {
    async derived(password, work) {
      pending.set(password, (pending.get(password) ?? 0) + 1);
      try {
        return await work();
      } finally {
        const left = (pending.get(password) ?? 1) - 1;
        if (left > 0) pending.set(password, left);
        else pending.delete(password);
      }
    },
    isDerived: (password) => pending.has(password),
  };
}
