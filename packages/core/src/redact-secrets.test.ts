import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets, redactText } from './redact-secrets';

const JWT = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1c2VyLTEiLCJleHAiOjE3MDB9.c2lnbmF0dXJlLWJ5dGVzLWhlcmU';

describe('redactSecrets', () => {
  it('removes values under secret key names at any depth, keeping other fields', () => {
    const out = redactSecrets({ title: 'Buy milk', password: 'hunter2hunter2', nested: [{ apiKey: 'abc', api_key: 'def', Authorization: 'x', accessToken: 'y', count: 3 }] });
    expect(out).toEqual({ title: 'Buy milk', password: REDACTED, nested: [{ apiKey: REDACTED, api_key: REDACTED, Authorization: REDACTED, accessToken: REDACTED, count: 3 }] });
  });

  it('redacts a key for what it holds: `auth` holding a service URL stays, a credential under it does not (issue 24 §5)', () => {
    const out = redactSecrets({
      auth: 'http://127.0.0.1:3001',
      Auth: 'https://auth.mana.example/api',
      upstream: { auth: 'user:hunter2hunter2' },
      withUser: { auth: 'https://ops:hunter2hunter2@auth.mana.example' },
      object: { auth: { user: 'ada', pass: 'x' } },
      notUrl: { auth: 'http:/nope' },
      authUrl: 'http://127.0.0.1:3001',
      token: 'http://127.0.0.1:3001/?t=1',
    });
    expect(out).toEqual({
      auth: 'http://127.0.0.1:3001',
      Auth: 'https://auth.mana.example/api',
      upstream: { auth: REDACTED },
      withUser: { auth: REDACTED },
      object: { auth: REDACTED },
      notUrl: { auth: REDACTED },
      authUrl: 'http://127.0.0.1:3001',
      token: REDACTED,
    });
  });

  it('finds bearer tokens, JWTs and provider keys inside free text', () => {
    const text = `auth failed for Bearer ${JWT}; raw ${JWT}; keys sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAA sk-proj-BBBBBBBBBBBBBBBBBBBBBBBB ghp_CCCCCCCCCCCCCCCCCCCCCC AKIAABCDEFGHIJKLMNOP`;
    const out = redactText(text);
    for (const secret of [JWT, 'sk-ant-api03-AAAA', 'sk-proj-BBBB', 'ghp_CCCC', 'AKIAABCDEFGHIJKLMNOP']) expect(out).not.toContain(secret);
    expect(out).toContain(`Bearer ${REDACTED}`);
  });

  it('redacts key=value and "key": "value" pairs in text', () => {
    const out = redactText('login with password=s3cret-pass&user=ada, {"token": "tok-123456", "apiKey":"k-987654"}');
    expect(out).not.toMatch(/s3cret-pass|tok-123456|k-987654/);
    expect(out).toContain('user=ada');
  });

  it('removes known secret values (the service key) wherever they occur', () => {
    const key = 'my-service-key-value-42';
    expect(redactSecrets({ note: `the key is ${key}!` }, [key])).toEqual({ note: `the key is ${REDACTED}!` });
  });

  it('leaves ordinary text alone', () => {
    const text = 'Completed "Call the dentist" (todo 3f2a) at 09:15, 2 of 5 habits done';
    expect(redactText(text)).toBe(text);
  });
});
