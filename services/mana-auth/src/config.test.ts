import { describe, expect, it } from 'vitest';
import { DEV_PERSONA_SEED_SECRET } from '@mana/core';
import { DEV_AUTH_SECRET, DEV_SERVICE_KEY, loadAuthConfig } from './config';

const PRODUCTION = {
  NODE_ENV: 'production',
  MANA_AUTH_URL: 'https://auth.mana.example',
  BETTER_AUTH_SECRET: 'a-real-secret-of-at-least-thirty-two-chars',
  MANA_SERVICE_KEY: 'a-real-service-key-123',
  PERSONA_SEED_SECRET: 'a-real-persona-seed-secret',
};

describe('loadAuthConfig', () => {
  it('prepares statements unless DATABASE_PREPARED_STATEMENTS=0, and refuses another value', () => {
    expect(loadAuthConfig({}).databasePreparedStatements).toBe(true);
    expect(loadAuthConfig({ DATABASE_PREPARED_STATEMENTS: '0' }).databasePreparedStatements).toBe(false);
    expect(() => loadAuthConfig({ DATABASE_PREPARED_STATEMENTS: 'off' })).toThrow(/DATABASE_PREPARED_STATEMENTS/);
  });

  it('runs in development with defaults on port 3001, JWTs of at most 15 minutes, 2 MB bodies', () => {
    const config = loadAuthConfig({});
    expect(config).toMatchObject({ env: 'development', port: 3001, baseUrl: 'http://localhost:3001', authSecret: DEV_AUTH_SECRET, maxBodyBytes: 2 * 1024 * 1024 });
    expect(config.jwtTtlSeconds).toBeLessThanOrEqual(900);
    expect(loadAuthConfig({ PORT: '4100' }).port).toBe(4100);
  });

  it('accepts a complete production environment', () => {
    expect(loadAuthConfig(PRODUCTION)).toMatchObject({ env: 'production', baseUrl: 'https://auth.mana.example', serviceKey: 'a-real-service-key-123' });
  });

  it.each(['BETTER_AUTH_SECRET', 'MANA_SERVICE_KEY', 'PERSONA_SEED_SECRET', 'MANA_AUTH_URL'])('refuses production without %s, naming it', (name) => {
    const env: Record<string, string | undefined> = { ...PRODUCTION, [name]: undefined };
    expect(() => loadAuthConfig(env)).toThrow(new RegExp(`${name}.*required when NODE_ENV=production`));
  });

  it.each([
    ['BETTER_AUTH_SECRET', DEV_AUTH_SECRET],
    ['MANA_SERVICE_KEY', DEV_SERVICE_KEY],
    ['PERSONA_SEED_SECRET', DEV_PERSONA_SEED_SECRET],
  ])('refuses production with the development default of %s, naming it', (name, value) => {
    expect(() => loadAuthConfig({ ...PRODUCTION, [name]: value })).toThrow(new RegExp(`${name}.*development default`));
  });

  it('refuses a JWT lifetime over 15 minutes', () => {
    expect(() => loadAuthConfig({ JWT_TTL_SECONDS: '901' })).toThrow(/JWT_TTL_SECONDS/);
  });

  it('schedules the report daily at 07:00 UTC by default, reads REPORT_* and refuses a bad schedule or webhook URL', () => {
    expect(loadAuthConfig({}).report).toEqual({ cron: '0 7 * * *', timeZone: 'UTC', period: '7d', webhookUrl: undefined });
    const custom = loadAuthConfig({ REPORT_CRON: '30 6 * * 1-5', REPORT_TIME_ZONE: 'Europe/Berlin', REPORT_PERIOD: '14d', REPORT_WEBHOOK_URL: 'https://hooks.example/x' });
    expect(custom.report).toEqual({ cron: '30 6 * * 1-5', timeZone: 'Europe/Berlin', period: '14d', webhookUrl: 'https://hooks.example/x' });
    expect(loadAuthConfig({ REPORT_CRON: 'off' }).report.cron).toBeNull();
    expect(() => loadAuthConfig({ REPORT_CRON: '0 7 * *' })).toThrow(/REPORT_CRON "0 7 \* \*" must have five fields/);
    expect(() => loadAuthConfig({ REPORT_CRON: '0 25 * * *' })).toThrow(/REPORT_CRON "0 25 \* \* \*" in REPORT_TIME_ZONE "UTC" is invalid/);
    expect(() => loadAuthConfig({ REPORT_TIME_ZONE: 'Mars/Olympus' })).toThrow(/REPORT_TIME_ZONE "Mars\/Olympus"/);
    expect(() => loadAuthConfig({ REPORT_WEBHOOK_URL: 'ftp://x' })).toThrow(/REPORT_WEBHOOK_URL/);
    expect(() => loadAuthConfig({ REPORT_PERIOD: 'week' })).toThrow(/REPORT_PERIOD/);
  });
});
