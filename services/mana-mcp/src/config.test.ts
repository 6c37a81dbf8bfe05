import { describe, expect, it } from 'vitest';
import { loadMcpConfig } from './config';

describe('loadMcpConfig', () => {
  it('prepares statements unless DATABASE_PREPARED_STATEMENTS=0, and refuses another value', () => {
    expect(loadMcpConfig({}).databasePreparedStatements).toBe(true);
    expect(loadMcpConfig({ DATABASE_PREPARED_STATEMENTS: '0' }).databasePreparedStatements).toBe(false);
    expect(() => loadMcpConfig({ DATABASE_PREPARED_STATEMENTS: 'off' })).toThrow(/DATABASE_PREPARED_STATEMENTS/);
  });

  it('has the documented defaults', () => {
    const config = loadMcpConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 3069,
      authUrl: 'http://localhost:3001',
      jwksUrl: 'http://localhost:3001/api/auth/jwks',
      issuer: 'http://localhost:3001',
      sessionIdleMs: 15 * 60_000,
      rateLimitPerMinute: 30,
      faults: [],
    });
  });

  it('reads the auth URL (trailing slash dropped), limits and faults', () => {
    const config = loadMcpConfig({ MANA_AUTH_URL: 'http://auth.internal:3001/', MCP_RATE_LIMIT_PER_MINUTE: '5', MCP_SESSION_IDLE_MS: '60000', MCP_FAULTS: 'todo_list:empty=1' });
    expect(config.jwksUrl).toBe('http://auth.internal:3001/api/auth/jwks');
    expect(config.rateLimitPerMinute).toBe(5);
    expect(config.sessionSweepMs).toBe(15_000);
    expect(config.faults).toEqual([{ tool: 'todo_list', kind: 'empty', value: 1 }]);
  });

  it('session caps: a persona share of MCP_MAX_SESSIONS, eviction after a minute idle; refuses a per-user cap larger than the share of other users (issue 24 §3)', () => {
    expect(loadMcpConfig({}).sessions).toEqual({ perUser: 50, total: 2000, ordinary: 1000, evictIdleMs: 60_000 });
    expect(loadMcpConfig({ MCP_MAX_SESSIONS: '7', MCP_PERSONA_SESSION_SHARE: '0.5', MCP_MAX_SESSIONS_PER_USER: '4' }).sessions.ordinary).toBe(4);
    expect(loadMcpConfig({ MCP_PERSONA_SESSION_SHARE: '0' }).sessions.ordinary).toBe(2000);
    expect(loadMcpConfig({ MCP_SESSION_IDLE_MS: '60000' }).sessions.evictIdleMs).toBe(15_000);
    expect(() => loadMcpConfig({ MCP_MAX_SESSIONS: '40' })).toThrow(/MCP_MAX_SESSIONS_PER_USER: 50 is more than the 20 sessions users other than personas may hold together/);
    expect(() => loadMcpConfig({ MCP_PERSONA_SESSION_SHARE: '1' })).toThrow(/MCP_MAX_SESSIONS_PER_USER/);
    expect(() => loadMcpConfig({ MCP_PERSONA_SESSION_SHARE: '1.5' })).toThrow(/MCP_PERSONA_SESSION_SHARE/);
    expect(() => loadMcpConfig({ MCP_SESSION_EVICT_IDLE_MS: '600000' })).toThrow(/MCP_SESSION_EVICT_IDLE_MS: 600000 is more than half of MCP_SESSION_IDLE_MS/);
  });

  it('refuses fault injection in production', () => {
    const production = { NODE_ENV: 'production', MANA_AUTH_URL: 'https://auth.mana.example' };
    expect(() => loadMcpConfig({ ...production, MCP_FAULTS: 'todo_list:empty=1' })).toThrow(/MCP_FAULTS: fault injection is refused when NODE_ENV=production/);
    expect(loadMcpConfig(production).faults).toEqual([]);
  });

  it('requires MANA_AUTH_URL in production', () => {
    expect(() => loadMcpConfig({ NODE_ENV: 'production' })).toThrow(/MANA_AUTH_URL is required/);
  });

  it('names a bad MCP_FAULTS entry', () => {
    expect(() => loadMcpConfig({ MCP_FAULTS: 'todo_list:empty=1,notes_search:slow=5' })).toThrow(/MCP_FAULTS entry "notes_search:slow=5"/);
  });

  it('reads MCP_FAULTS_FROM as an instant and refuses a malformed one', () => {
    expect(loadMcpConfig({ MCP_FAULTS_FROM: '2026-11-21T00:00:00Z' }).faultsFrom).toEqual(new Date('2026-11-21T00:00:00Z'));
    expect(loadMcpConfig({}).faultsFrom).toBeUndefined();
    expect(() => loadMcpConfig({ MCP_FAULTS_FROM: 'day 8' })).toThrow(/MCP_FAULTS_FROM/);
  });
});
