import { describe, expect, it } from 'vitest';
import { createLoginThrottle, LOGIN_RULES } from '../session/login-throttle';
import { addressKey } from './client-address';

describe('addressKey', () => {
  it('keys IPv4 as itself, IPv4-mapped IPv6 as its IPv4 address and IPv6 by its /64 prefix', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('2001:db8:1:2::1')).toBe('2001:0db8:0001:0002::/64');
    expect(addressKey('2001:DB8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:0db8:0001:0002::/64');
    expect(addressKey('2001:db8::7')).toBe('2001:0db8:0000:0000::/64');
    expect(addressKey('::1')).toBe('0000:0000:0000:0000::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0000:0000:0000::/64');
    expect(addressKey('1::2:3:4:5:1.2.3.4')).toBe('0001:0000:0002:0003::/64');
    expect(addressKey('not-an-address')).toBe('not-an-address');
  });

  it('an IPv6 client cannot start afresh from each address of its /64 (issue 24 §2: the throttle agrees with Better Auth, which groups IPv6 by /64)', () => {
    const throttle = createLoginThrottle(() => new Date(0));
    for (let i = 1; i <= LOGIN_RULES.client.free; i += 1) throttle.failed({ email: `guess${i}@mana.test`, client: `2001:db8:1:2::${i.toString(16)}` });
    expect(throttle.waitMs({ email: 'next@mana.test', client: '2001:db8:1:2:abcd::1' })).toBeGreaterThan(0);
    expect(throttle.waitMs({ email: 'next@mana.test', client: '2001:db8:1:3::1' })).toBe(0);
  });
});
