/**
 * The runner environment of each of the four drivers against the local fake LLM
 * APIs, for tests that play one tick per driver (the record, the no-secrets check).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeServer } from './fakes/fake-llm';

export interface DriverEnvOptions {
  anthropic: FakeServer;
  openai: FakeServer;
  anthropicKey: string;
  openaiKey: string;
  /** Prefix of the Claude Agent SDK's scratch folders under the OS temp folder. */
  scratchPrefix: string;
}

/** Driver kind -> the environment that selects it (built on call: the scratch folder is fresh each time). */
export function driverEnvs(options: DriverEnvOptions): Record<'offline' | 'anthropic' | 'openai-compatible' | 'claude-agent-sdk', () => Record<string, string>> {
  const { anthropic, openai, anthropicKey, openaiKey } = options;
  return {
    offline: () => ({ PERSONA_DRIVER: 'offline' }),
    anthropic: () => ({ PERSONA_DRIVER: 'anthropic', ANTHROPIC_API_KEY: anthropicKey, ANTHROPIC_BASE_URL: anthropic.url, PERSONA_MODEL: 'claude-haiku-4-5' }),
    'openai-compatible': () => ({ PERSONA_DRIVER: 'openai-compatible', OPENAI_BASE_URL: `${openai.url}/v1`, OPENAI_API_KEY: openaiKey, PERSONA_MODEL: 'llama3.1' }),
    'claude-agent-sdk': () => ({
      PERSONA_DRIVER: 'claude-agent-sdk',
      ANTHROPIC_API_KEY: anthropicKey,
      ANTHROPIC_BASE_URL: anthropic.url,
      PERSONA_SCRATCH_DIR: mkdtempSync(join(tmpdir(), options.scratchPrefix)),
    }),
  };
}
