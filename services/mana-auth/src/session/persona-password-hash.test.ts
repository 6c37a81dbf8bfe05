import { hashPassword } from 'better-auth/crypto';
import { describe, expect, it } from 'vitest';
import { derivePersonaPassword } from '@mana/core';
import { createPersonaPasswords, hashPersonaPassword, isPersonaPasswordHash, verifyPersonaPassword } from './persona-password-hash';

const password = derivePersonaPassword('a-test-seed-secret', 'persona.ida@mana.test');
const key = 'a-better-auth-secret-of-32-characters!';

describe('persona password hash', () => {
  it('verifies the password it was made from and nothing else', () => {
    const hash = hashPersonaPassword(password, key);
    expect(verifyPersonaPassword(hash, password, key)).toBe(true);
    expect(verifyPersonaPassword(hash, `${password}x`, key)).toBe(false);
    expect(verifyPersonaPassword(hash, password.slice(1), key)).toBe(false);
    expect(verifyPersonaPassword(hash, '', key)).toBe(false);
  });

  it('is salted: one password gives a new hash each time, and neither holds the password', () => {
    const [a, b] = [hashPersonaPassword(password, key), hashPersonaPassword(password, key)];
    expect(a).not.toBe(b);
    expect(verifyPersonaPassword(b, password, key)).toBe(true);
    expect(a).not.toContain(password);
  });

  it('is keyed: without the key (BETTER_AUTH_SECRET, not in the database) a hash verifies nothing', () => {
    const hash = hashPersonaPassword(password, key);
    expect(verifyPersonaPassword(hash, password, `${key}-rotated`)).toBe(false);
    expect(verifyPersonaPassword(hashPersonaPassword(password, `${key}-rotated`), password, key)).toBe(false);
  });

  it('refuses a tampered or malformed hash instead of throwing', () => {
    const hash = hashPersonaPassword(password, key);
    const [, salt, digest] = hash.split('$');
    const flipped = `${digest!.slice(0, -2)}${digest!.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(verifyPersonaPassword(`hmac-sha256$${salt}$${flipped}`, password, key)).toBe(false);
    expect(verifyPersonaPassword(`hmac-sha256$${hashPersonaPassword('other', key).split('$')[1]}$${digest}`, password, key)).toBe(false);
    for (const bad of ['hmac-sha256$', 'hmac-sha256$$', `hmac-sha256$${salt}`, `hmac-sha256$${salt}$`, `hmac-sha256$${salt}$abc`, `${hash}$extra`, 'hmac-sha256$$$', ''])
      expect(verifyPersonaPassword(bad, password, key)).toBe(false);
  });

  it("is told apart from Better Auth's scrypt hashes", async () => {
    const scrypt = await hashPassword(password);
    expect(isPersonaPasswordHash(scrypt)).toBe(false);
    expect(verifyPersonaPassword(scrypt, password, key)).toBe(false);
    expect(isPersonaPasswordHash(hashPersonaPassword(password, key))).toBe(true);
  });
});

describe('createPersonaPasswords', () => {
  it('knows a password as derived only while its work runs, also when the work fails', async () => {
    const passwords = createPersonaPasswords();
    expect(passwords.isDerived(password)).toBe(false);
    expect(await passwords.derived(password, async () => passwords.isDerived(password))).toBe(true);
    expect(passwords.isDerived(password)).toBe(false);
    await expect(passwords.derived(password, async () => Promise.reject(new Error('sign-up failed')))).rejects.toThrow('sign-up failed');
    expect(passwords.isDerived(password)).toBe(false);
  });

  it('keeps a password derived until the last of two overlapping upserts is done', async () => {
    const passwords = createPersonaPasswords();
    let finishFirst!: () => void;
    const first = passwords.derived(password, () => new Promise<void>((resolve) => (finishFirst = resolve)));
    await passwords.derived(password, async () => undefined);
    expect(passwords.isDerived(password)).toBe(true);
    finishFirst();
    await first;
    expect(passwords.isDerived(password)).toBe(false);
  });
});
