import { describe, expect, it } from 'vitest';
import { createLogger } from '@mana/core';
import { createDriver } from './create-driver';
import type { DriverSettings } from './driver';

const log = createLogger('create-driver-test', { level: 'silent' });
const base: DriverSettings = { kind: 'offline', anthropicBaseUrl: 'https://api.anthropic.com', offlineDelayMs: 0, scratchDir: '/tmp/mana-test' };

describe('createDriver', () => {
  it('builds the configured driver with its default model', async () => {
    const offline = await createDriver(base, { log });
    expect([offline.name, offline.model]).toEqual(['offline', 'offline-policy-v1']);
    expect(await createDriver({ ...base, kind: 'claude-agent-sdk', anthropicApiKey: 'k' }, { log })).toMatchObject({ name: 'claude-agent-sdk', model: 'claude-haiku-4-5' });
    expect(await createDriver({ ...base, kind: 'anthropic', anthropicApiKey: 'k', model: 'claude-sonnet-4-5' }, { log })).toMatchObject({
      name: 'anthropic',
      model: 'claude-sonnet-4-5',
    });
    expect(await createDriver({ ...base, kind: 'openai-compatible', openaiBaseUrl: 'http://localhost:11434/v1' }, { log })).toMatchObject({
      name: 'openai-compatible',
      model: 'llama3.1',
    });
  });

  it('refuses openai-compatible without a base URL, saying what to set', async () => {
    await expect(createDriver({ ...base, kind: 'openai-compatible' }, { log })).rejects.toThrow(/OPENAI_BASE_URL/);
  });
});
