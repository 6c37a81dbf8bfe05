import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createLogger, isAppError, UsageError } from '@mana/core';
import { createDatabase, type Database } from '@mana/db';
import { manaRegistry } from '@mana/tools';
import { createAdmin, type CreateAdminInput } from '../admin/create-admin';
import { createAuthContext } from '../app';
import { loadAuthConfig, type AuthConfig } from '../config';

export const USAGE = 'Usage: npm run admin:create -- --email <email> [--password <password>] [--kind human|system]';

/** Parses `--email E [--password P] [--kind human|system]`; anything else is a UsageError. */
export function parseAdminCreateArgs(argv: string[]): CreateAdminInput {
  let values: { email?: string; password?: string; kind?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { email: { type: 'string' }, password: { type: 'string' }, kind: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), USAGE);
  }
  if (!values.email) throw new UsageError('--email is required', USAGE);
  if (values.kind !== undefined && values.kind !== 'human' && values.kind !== 'system') throw new UsageError('--kind must be human or system', USAGE);
  return { email: values.email, password: values.password, kind: values.kind };
}

export interface AdminCreateIo {
  config?: AuthConfig;
  /** Use this database instead of opening the configured one (not closed here). */
  database?: Database;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

/** Runs the command; returns the process exit code (0 ok, 1 failure, 2 usage). */
export async function runAdminCreate(argv: string[], io: AdminCreateIo = {}): Promise<number> {
  const out = io.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = io.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  let input: CreateAdminInput;
  try {
    input = parseAdminCreateArgs(argv);
  } catch (error) {
    err(error instanceof UsageError ? `${error.message}\n${error.usage}` : String(error));
    return 2;
  }
  const config = io.config ?? loadAuthConfig();
  const database = io.database ?? (await createDatabase({ url: config.databaseUrl, dataDir: config.dataDir }));
  try {
    const ctx = createAuthContext({ config, database, registry: manaRegistry, log: createLogger('mana-auth', { level: 'warn' }), now: () => new Date() });
    const result = await createAdmin(ctx, input);
    out(`${result.created ? 'Created' : 'Promoted'} admin ${result.email} (id ${result.userId})`);
    if (result.generatedPassword) out(`Generated password (shown once): ${result.password}`);
    return 0;
  } catch (error) {
    if (isAppError(error) && error.code === 'VALIDATION') {
      err(`${error.message}\n${USAGE}`);
      return 2;
    }
    err(`admin:create failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    if (!io.database) await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await runAdminCreate(process.argv.slice(2));
}
