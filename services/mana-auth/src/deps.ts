import type { Logger } from '@mana/core';
import type { Database } from '@mana/db';
import type { ToolRegistry } from '@mana/tools';
import type { AuthConfig } from './config';

/** What mana-auth's app is built from; tests pass their own. */
export interface AuthDeps {
  config: AuthConfig;
  database: Database;
  registry: ToolRegistry;
  log: Logger;
  /** The clock for scheduling decisions; injectable for tests. */
  now: () => Date;
}
