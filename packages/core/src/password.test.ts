import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derivePersonaPassword } from './password';

describe('derivePersonaPassword', () => {
  it('is HMAC-SHA256 base64 with non-alphanumerics removed, 32 characters', () => {
    const expected = createHmac('sha256', 's3cret').update('persona.anna@mana.test').digest('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 32);
    expect(derivePersonaPassword('s3cret', 'persona.anna@mana.test')).toBe(expected);
    expect(expected).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it('depends on the secret and normalises the e-mail', () => {
    expect(derivePersonaPassword('a', 'x@y.z')).not.toBe(derivePersonaPassword('b', 'x@y.z'));
    expect(derivePersonaPassword('a', ' X@Y.z ')).toBe(derivePersonaPassword('a', 'x@y.z'));
  });

  it('refuses an empty secret', () => {
    expect(() => derivePersonaPassword('', 'x@y.z')).toThrow(/PERSONA_SEED_SECRET/);
  });
});
