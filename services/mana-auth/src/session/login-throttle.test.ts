import { describe, expect, it } from 'vitest';
import { createBackoffLimiter } from './backoff-limiter';
import { createLoginThrottle, LOGIN_RULES } from './login-throttle';

describe('createBackoffLimiter', () => {
  it('lets `free` failures pass, then doubles the wait up to the cap, and forgets a quiet key', () => {
    let t = 0;
    const limiter = createBackoffLimiter({ free: 2, baseMs: 1000, maxMs: 5000, forgetAfterMs: 60_000 }, { maxKeys: 10, nowMs: () => t });
    limiter.fail('k');
    expect(limiter.waitMs('k')).toBe(0);
    limiter.fail('k');
    expect(limiter.waitMs('k')).toBe(1000);
    const waits = [];
    for (let i = 0; i < 4; i += 1) {
      limiter.fail('k');
      waits.push(limiter.waitMs('k'));
    }
    expect(waits).toEqual([2000, 4000, 5000, 5000]);
    t = 59_999;
    expect(limiter.size()).toBe(1);
    t = 60_000;
    expect(limiter.waitMs('k')).toBe(0);
    expect(limiter.size()).toBe(0);
  });

  it('never holds more than maxKeys keys, dropping the least recently failed (regression: the map only shrank when an e-mail came back)', () => {
    const limiter = createBackoffLimiter({ free: 1, baseMs: 1000, maxMs: 1000, forgetAfterMs: 3_600_000 }, { maxKeys: 1000, nowMs: () => 0 });
    for (let i = 0; i < 100_000; i += 1) limiter.fail(`guess-${i}@mana.test`);
    expect(limiter.size()).toBe(1000);
    expect(limiter.waitMs('guess-99999@mana.test')).toBe(1000);
    expect(limiter.waitMs('guess-0@mana.test')).toBe(0);
  });
});

describe('createLoginThrottle', () => {
  it('backs off per account and address after 10 failures, only for that address, never longer than 15 min', () => {
    let t = 0;
    const throttle = createLoginThrottle(() => new Date(t));
    const attacker = { email: 'Mira@mana.test', client: '203.0.113.9' };
    const owner = { email: 'mira@mana.test', client: '198.51.100.7' };
    for (let i = 0; i < LOGIN_RULES.accountClient.free; i += 1) {
      expect(throttle.waitMs(attacker)).toBe(0);
      throttle.failed(attacker);
    }
    expect(throttle.waitMs(attacker)).toBe(1000);
    expect(throttle.waitMs(owner)).toBe(0);
    for (let i = 0; i < 30; i += 1) {
      t += throttle.waitMs(attacker);
      throttle.failed(attacker);
    }
    expect(throttle.waitMs(attacker)).toBeLessThanOrEqual(15 * 60_000);
  });

  it('an account guessed from many addresses makes its owner wait at most 60 s, not 15 minutes (regression: anyone could lock out anyone)', () => {
    let t = 0;
    const throttle = createLoginThrottle(() => new Date(t));
    for (let i = 0; i < 500; i += 1) {
      const attempt = { email: 'persona.lena@mana.test', client: `10.0.${i >> 8}.${i & 255}` };
      t += throttle.waitMs(attempt);
      throttle.failed(attempt);
    }
    const owner = { email: 'persona.lena@mana.test', client: '192.0.2.1' };
    expect(throttle.waitMs(owner)).toBeGreaterThan(0);
    expect(throttle.waitMs(owner)).toBeLessThanOrEqual(60_000);
    t += 60_000;
    expect(throttle.waitMs(owner)).toBe(0);
  });

  it('slows one address guessing many e-mails (each guess costs a password hash)', () => {
    const throttle = createLoginThrottle(() => new Date(0));
    for (let i = 0; i < LOGIN_RULES.client.free; i += 1) throttle.failed({ email: `user${i}@mana.test`, client: '203.0.113.9' });
    expect(throttle.waitMs({ email: 'fresh@mana.test', client: '203.0.113.9' })).toBe(1000);
    expect(throttle.waitMs({ email: 'fresh@mana.test', client: '203.0.113.10' })).toBe(0);
  });

  it('a success clears the account counts but not the address count', () => {
    const throttle = createLoginThrottle(() => new Date(0), { rules: { client: { ...LOGIN_RULES.client, free: 3 } } });
    const a = { email: 'a@mana.test', client: '203.0.113.9' };
    for (let i = 0; i < 3; i += 1) throttle.failed(a);
    throttle.succeeded(a);
    expect(throttle.sizes()).toMatchObject({ accountClient: 0, account: 0, client: 1 });
    expect(throttle.waitMs({ email: 'b@mana.test', client: a.client })).toBe(1000);
  });

  it('memory stays bounded under a flood of distinct e-mails and addresses', () => {
    const throttle = createLoginThrottle(() => new Date(0), { maxKeys: 2000 });
    for (let i = 0; i < 50_000; i += 1) throttle.failed({ email: `x${i}@mana.test`, client: `c${i}` });
    const sizes = throttle.sizes();
    expect(Math.max(sizes.client, sizes.accountClient, sizes.account)).toBe(2000);
  });
});
