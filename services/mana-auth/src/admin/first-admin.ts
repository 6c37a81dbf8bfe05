import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@mana/db';
import { rememberGeneratedPassword } from '@mana/persona-store';
import type { AuthContext } from '../deps';
import { createAdmin } from './create-admin';

/** The e-mail of the admin `npm start` creates on a fresh development database. */
export const FIRST_ADMIN_EMAIL = 'admin@mana.local';

/**
 * Where the first admin's credentials are kept: `admin.json` beside the
 * PGlite folder (`.mana/admin.json` for the default `.mana/pglite`, the parent
 * of MANA_DATA_DIR otherwise), also when DATABASE_URL is used.
 */
export function adminCredentialsPath(dataDir: string): string {
  return join(dirname(resolve(dataDir)), 'admin.json');
}

/** What happened at start: an admin was created (print the password once), one existed, or nothing (production). */
export type FirstAdminOutcome = { kind: 'created'; email: string; password: string; file: string } | { kind: 'exists'; file?: string } | { kind: 'skipped'; reason: string };

/**
 * In development, with no admin in the database, creates one (`admin@mana.local`,
 * generated password) and writes `{email, password, dashboard}` to `file`
 * (mode 0600) so a newcomer can open the dashboard at once. With an admin it
 * only says where the file is (when it exists). Never in production or tests.
 * Either way the password in that file is remembered, so that no text stored
 * from a runner holds it (`rememberGeneratedPassword`).
 */
export async function ensureFirstAdmin(ctx: Pick<AuthContext, 'auth' | 'database' | 'config'>, options: { file: string; dashboardUrl: string }): Promise<FirstAdminOutcome> {
  if (ctx.config.env !== 'development') return { kind: 'skipped', reason: `NODE_ENV=${ctx.config.env}` };
  const [{ n }] = await rowsOf<{ n: number }>(
    ctx.database.db,
    sql`select count(*)::int as n from users where 'admin' = any(string_to_array(replace(coalesce(role, ''), ' ', ''), ','))`,
  );
  if (Number(n) > 0) {
    if (!existsSync(options.file)) return { kind: 'exists' };
    rememberKeptPassword(options.file);
    return { kind: 'exists', file: options.file };
  }
  const admin = await createAdmin(ctx, { email: FIRST_ADMIN_EMAIL, name: 'Admin' });
  const password = admin.password!;
  rememberGeneratedPassword(password);
  mkdirSync(dirname(options.file), { recursive: true });
  writeFileSync(options.file, `${JSON.stringify({ email: admin.email, password, dashboard: options.dashboardUrl, createdAt: new Date().toISOString() }, null, 2)}\n`, {
    mode: 0o600,
  });
  chmodSync(options.file, 0o600); // a file left from an earlier database keeps its old mode otherwise
  return { kind: 'created', email: admin.email, password, file: options.file };
}

/** The password kept in an existing admin.json, remembered; a file that cannot be read or parsed is left alone. */
function rememberKeptPassword(file: string): void {
  try {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { password?: unknown };
    if (typeof kept.password === 'string') rememberGeneratedPassword(kept.password);
  } catch {
    // Not ours to fix at start: the file only helps a newcomer sign in.
  }
}
