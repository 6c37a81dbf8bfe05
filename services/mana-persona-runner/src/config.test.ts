import { describe, expect, it } from 'vitest';
import { DEV_PERSONA_SEED_SECRET } from '@mana/core';
import { DEV_SERVICE_KEY, loadRunnerConfig } from './config';

const production = {
  NODE_ENV: 'production',
  MANA_AUTH_URL: 'https://auth.example.com',
  MANA_MCP_URL: 'https://mcp.example.com/mcp',
  MANA_SERVICE_KEY: 'a-real-service-key-0123456789',
  PERSONA_SEED_SECRET: 'a-real-seed-secret-0123456789',
};

describe('loadRunnerConfig', () => {
  it('has the documented defaults and picks the offline driver without an LLM key', () => {
    const config = loadRunnerConfig({});
    expect(config).toMatchObject({ port: 3070, passIntervalMs: 60_000, concurrency: 4, paused: false, leaseMs: 120_000, timeoutMs: 600_000, shutdownDeadlineMs: 30_000 });
    expect(config.serviceKey).toBeUndefined();
    expect(config.driver).toMatchObject({ kind: 'offline', anthropicBaseUrl: 'https://api.anthropic.com', offlineDelayMs: 0 });
    expect(config.dailyBudgetUsd).toBe(0);
  });

  it('defaults to claude-agent-sdk when ANTHROPIC_API_KEY is set and strips a trailing slash of the base URL', () => {
    const config = loadRunnerConfig({ ANTHROPIC_API_KEY: 'sk-test', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9/' });
    expect(config.driver).toMatchObject({ kind: 'claude-agent-sdk', anthropicApiKey: 'sk-test', anthropicBaseUrl: 'http://127.0.0.1:9' });
  });

  it('parses flags, numbers and budgets', () => {
    const config = loadRunnerConfig({ RUNNER_PAUSED: 'yes', PERSONA_CONCURRENCY: '50', PERSONA_MAX_TOOL_CALLS: '3', RUNNER_DAILY_BUDGET_USD: '2.5', RUNNER_ID: 'r1' });
    expect(config).toMatchObject({ paused: true, concurrency: 50, claimAhead: 10, dailyBudgetUsd: 2.5, runnerId: 'r1' });
    expect(loadRunnerConfig({ PERSONA_CLAIM_AHEAD: '0' }).claimAhead).toBe(0);
    expect(config.budgets.maxToolCalls).toBe(3);
  });

  it('refuses a driver without what it needs, naming the variable', () => {
    expect(() => loadRunnerConfig({ PERSONA_DRIVER: 'anthropic' })).toThrow(/ANTHROPIC_API_KEY is required for PERSONA_DRIVER=anthropic/);
    expect(() => loadRunnerConfig({ PERSONA_DRIVER: 'openai-compatible' })).toThrow(/OPENAI_BASE_URL/);
    expect(() => loadRunnerConfig({ PERSONA_CONCURRENCY: '0' })).toThrow(/PERSONA_CONCURRENCY/);
  });

  it('accepts a complete production environment', () => {
    expect(loadRunnerConfig(production).env).toBe('production');
  });

  it.each(['MANA_SERVICE_KEY', 'PERSONA_SEED_SECRET', 'MANA_AUTH_URL', 'MANA_MCP_URL'] as const)('refuses production without %s', (name) => {
    expect(() => loadRunnerConfig({ ...production, [name]: undefined })).toThrow(new RegExp(`${name} is required when NODE_ENV=production`));
  });

  it('refuses the development secrets in production', () => {
    expect(() => loadRunnerConfig({ ...production, PERSONA_SEED_SECRET: DEV_PERSONA_SEED_SECRET })).toThrow(/PERSONA_SEED_SECRET still has the development default/);
    expect(() => loadRunnerConfig({ ...production, MANA_SERVICE_KEY: DEV_SERVICE_KEY })).toThrow(/MANA_SERVICE_KEY still has the development default/);
  });

  it('reads foreign MCP targets inline and rejects a bad one', () => {
    const config = loadRunnerConfig({ PERSONA_MCP_TARGETS: JSON.stringify({ url: 'http://127.0.0.1:3001/mcp', module: 'everything' }) });
    expect(config.mcpTargets).toMatchObject({ url: 'http://127.0.0.1:3001/mcp', module: 'everything', headers: {} });
    expect(() => loadRunnerConfig({ PERSONA_MCP_TARGETS: '{"url": "nope"}' })).toThrow(/PERSONA_MCP_TARGETS/);
  });

  it('reads the offline policy and the instant it plays from, and refuses an unknown policy or a malformed instant', () => {
    expect(loadRunnerConfig({}).driver).toMatchObject({ offlinePolicy: 'standard', offlinePolicyFrom: undefined });
    const config = loadRunnerConfig({ PERSONA_OFFLINE_POLICY: 'variant', PERSONA_OFFLINE_POLICY_FROM: '2026-11-21T00:00:00Z' });
    expect(config.driver).toMatchObject({ offlinePolicy: 'variant', offlinePolicyFrom: new Date('2026-11-21T00:00:00Z') });
    expect(() => loadRunnerConfig({ PERSONA_OFFLINE_POLICY: 'grumpy' })).toThrow(/PERSONA_OFFLINE_POLICY/);
    expect(() => loadRunnerConfig({ PERSONA_OFFLINE_POLICY_FROM: 'day 8' })).toThrow(/PERSONA_OFFLINE_POLICY_FROM/);
  });
});
