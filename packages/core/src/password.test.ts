import { describe, expect, it } from 'vitest';
import { derivePersonaPassword } from './password';

describe('derivePersonaPassword', () => {
  // The answer comes from outside this code (Python: base64(hmac.new(b's3cret', b'persona.anna@mana.test',
  // sha256)) = 'b0DYI/dAvLOd6+d/Z3JG63PlqR8D+j+u5KbQTWnvGOA=', '/' and '+' dropped, 32 kept): recomputing the
  // function's own steps in the test would agree with any change to them, and every seeded persona's password
  // changes with them.
  it('is HMAC-SHA256 base64 with non-alphanumerics removed, 32 characters', () => {
    const password = derivePersonaPassword('s3cret', 'persona.anna@mana.test');
    expect(password).toBe('b0DYIdAvLOd6dZ3JG63PlqR8Dju5KbQT');
    expect(password).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it('depends on the secret and normalises the e-mail', () => {
    expect(derivePersonaPassword('a', 'x@y.z')).not.toBe(derivePersonaPassword('b', 'x@y.z'));
    expect(derivePersonaPassword('a', ' X@Y.z ')).toBe(derivePersonaPassword('a', 'x@y.z'));
  });

  it('refuses an empty secret', () => {
    expect(() => derivePersonaPassword('', 'x@y.z')).toThrow(/PERSONA_SEED_SECRET/);
  });
});
