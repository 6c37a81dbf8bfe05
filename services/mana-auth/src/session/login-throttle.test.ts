import { describe, expect, it } from 'vitest';
import { createLoginThrottle } from './login-throttle';

describe('createLoginThrottle', () => {
  it('refuses after max failures within the window and allows again once they age out', () => {
    let t = 0;
    const throttle = createLoginThrottle(() => new Date(t), { max: 3, windowMs: 1000 });
    for (let i = 0; i < 3; i += 1) {
      expect(throttle.allows('A@mana.test')).toBe(true);
      throttle.failed('a@mana.test');
      t += 100;
    }
    expect(throttle.allows('a@mana.test')).toBe(false);
    expect(throttle.allows('b@mana.test')).toBe(true);
    t = 1001;
    expect(throttle.allows('a@mana.test')).toBe(true);
  });

  it('clears the count on success', () => {
    const throttle = createLoginThrottle(() => new Date(0), { max: 2 });
    throttle.failed('a@mana.test');
    throttle.succeeded('a@mana.test');
    throttle.failed('a@mana.test');
    expect(throttle.allows('a@mana.test')).toBe(true);
  });
});
