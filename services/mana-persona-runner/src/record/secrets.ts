import { derivePersonaPassword } from '@mana/core';
import type { RunnerConfig } from '../config';
import type { McpTarget } from '../drivers/driver';

const SECRET_HEADER = /authorization|token|key|secret|cookie/i;

/**
 * Secret values this runner holds for one persona's tick, which a record must
 * never contain: the service key, the seed secret, the persona's password,
 * the credential headers' values of its MCP target (its JWT, a foreign server's
 * token; not the space or time zone) and the LLM API keys.
 */
export function secretsOf(config: Pick<RunnerConfig, 'serviceKey' | 'personaSeedSecret' | 'driver'>, email: string, mcp?: McpTarget): string[] {
  const values = [config.serviceKey, config.personaSeedSecret, derivePersonaPassword(config.personaSeedSecret, email), config.driver.anthropicApiKey, config.driver.openaiApiKey];
  for (const [name, value] of Object.entries(mcp?.headers ?? {})) {
    if (SECRET_HEADER.test(name)) values.push(value, value.replace(/^(Bearer|Basic)\s+/i, ''));
  }
  return values.filter((v): v is string => typeof v === 'string' && v.length >= 8);
}
