import { hashPassword } from 'better-auth/crypto';
import { describe, expect, it } from 'vitest';
import { derivePersonaPassword } from '@mana/core';
import { createPersonaPasswords, hashPersonaPassword, isPersonaPasswordHash, verifyPersonaPassword } from './persona-password-hash';

const password = derivePersonaPassword('a-test-seed-secret', 'persona.ida@mana.test');

describe('persona password hash', () => {
  it('verifies the password it was made from and nothing else', () => {
    const hash = hashPersonaPassword(password);
    expect(verifyPersonaPassword(hash, password)).toBe(true);
    expect(verifyPersonaPassword(hash, `${password}x`)).toBe(false);
    expect(verifyPersonaPassword(hash, password.slice(1))).toBe(false);
    expect(verifyPersonaPassword(hash, '')).toBe(false);
  });

  it('is salted: one password gives a new hash each time, and neither holds the password', () => {
    const [a, b] = [hashPersonaPassword(password), hashPersonaPassword(password)];
    expect(a).not.toBe(b);
    expect(verifyPersonaPassword(b, password)).toBe(true);
    expect(a).not.toContain(password);
  });

  it('refuses a tampered or malformed hash instead of throwing', () => {
    const hash = hashPersonaPassword(password);
    const [, salt, digest] = hash.split('$');
    const flipped = `${digest!.slice(0, -2)}${digest!.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(verifyPersonaPassword(`sha256$${salt}$${flipped}`, password)).toBe(false);
    expect(verifyPersonaPassword(`sha256$${hashPersonaPassword('other').split('$')[1]}$${digest}`, password)).toBe(false);
    for (const bad of ['sha256$', 'sha256$$', `sha256$${salt}`, `sha256$${salt}$`, `sha256$${salt}$abc`, 'sha256$$$', '']) expect(verifyPersonaPassword(bad, password)).toBe(false);
  });

  it("is told apart from Better Auth's scrypt hashes", async () => {
    const scrypt = await hashPassword(password);
    expect(isPersonaPasswordHash(scrypt)).toBe(false);
    expect(verifyPersonaPassword(scrypt, password)).toBe(false);
    expect(isPersonaPasswordHash(hashPersonaPassword(password))).toBe(true);
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
