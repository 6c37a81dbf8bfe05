import { z } from 'zod';
import { parseEnv } from '@mana/core';

const schema = z.object({
  MANA_AUTH_URL: z.string().url().default('http://localhost:3001'),
  MANA_ADMIN_EMAIL: z.string().email().optional(),
  MANA_ADMIN_PASSWORD: z.string().min(1).optional(),
});

/** The persona scripts' environment, parsed once. */
export interface ScriptsConfig {
  authUrl: string;
  adminEmail?: string;
  adminPassword?: string;
}

export function loadScriptsConfig(env: Record<string, string | undefined> = process.env): ScriptsConfig {
  const parsed = parseEnv(schema, env);
  return { authUrl: parsed.MANA_AUTH_URL, adminEmail: parsed.MANA_ADMIN_EMAIL, adminPassword: parsed.MANA_ADMIN_PASSWORD };
}
