import { describe, expect, it } from 'vitest';
import { isAppError } from '@mana/core';
import { checkOrigin, type OriginPolicy } from './origin-guard';

const refused = (policy: OriginPolicy, headers: { origin?: string; host?: string }) => {
  try {
    checkOrigin(policy, headers);
    return false;
  } catch (error) {
    return isAppError(error) && error.code === 'FORBIDDEN';
  }
};

describe('checkOrigin (DNS rebinding)', () => {
  const loopback: OriginPolicy = { allowedOrigins: [], allowedHosts: [], loopbackOnly: true };

  it('refuses a foreign Origin and accepts loopback origins and none', () => {
    for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1.evil.example', 'file://', 'http://localhost.evil.example:3069']) {
      expect(refused(loopback, { origin, host: '127.0.0.1:3069' }), origin).toBe(true);
    }
    for (const origin of ['http://localhost:6274', 'http://127.0.0.1:3069', 'http://[::1]:8080', undefined]) {
      expect(refused(loopback, { origin, host: '127.0.0.1:3069' }), String(origin)).toBe(false);
    }
  });

  it('on loopback refuses a rebound Host name; a listed Host or Origin passes', () => {
    expect(refused(loopback, { host: 'evil.example:3069' })).toBe(true);
    expect(refused(loopback, { host: 'localhost:3069' })).toBe(false);
    expect(refused(loopback, { host: '[::1]:3069' })).toBe(false);
    const listed: OriginPolicy = { allowedOrigins: ['https://app.mana.example'], allowedHosts: ['mcp.mana.example'], loopbackOnly: false };
    expect(refused(listed, { origin: 'https://app.mana.example', host: 'mcp.mana.example' })).toBe(false);
    expect(refused(listed, { origin: 'https://app.mana.example', host: 'evil.example' })).toBe(true);
    expect(refused(listed, { origin: 'https://other.mana.example', host: 'mcp.mana.example' })).toBe(true);
  });

  it('behind a load balancer with no host list any Host passes, foreign Origins still do not', () => {
    const open: OriginPolicy = { allowedOrigins: [], allowedHosts: [], loopbackOnly: false };
    expect(refused(open, { host: 'mcp.internal:3069' })).toBe(false);
    expect(refused(open, { origin: 'https://evil.example', host: 'mcp.internal:3069' })).toBe(true);
  });
});
