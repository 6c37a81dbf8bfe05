import type { Database } from '@mana/db';
import type { ToolRegistry } from '@mana/tools';
import type { ServerSecrets } from './stored-redaction';

/** What the persona verbs need: the database, the registry (module names) and the clock. */
export interface PersonaDeps {
  database: Database;
  registry: ToolRegistry;
  now: () => Date;
  /** Attempts per slot before the slot is given up (default 3). */
  maxAttempts?: number;
  /** The server's secrets, which nothing stored from a runner may hold (the service passes its config; without it only patterns and live tokens are redacted). */
  config?: ServerSecrets;
}

/** Attempts per slot (1 + two retries after 1 and 2 minutes) before the slot is given up. */
export const DEFAULT_MAX_ATTEMPTS = 3;
