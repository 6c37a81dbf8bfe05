import { randomUUID } from 'node:crypto';
import { rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { reportQuery, type ReportQuery } from '@mana/contracts';
import { isAppError, parseEnv, UsageError } from '@mana/core';
import { createDatabase, type Database } from '@mana/db';
import { z } from 'zod';
import { buildReport } from '../report/build-report';
import { renderMarkdown } from '../report/markdown';
import { resolveWindow } from '../window';

export const USAGE = `Usage: npm run report -- [--since 7d] [--until now] [--format md|json] [--out FILE]

The regression report of the configured database (DATABASE_URL, else PGlite in
MANA_DATA_DIR): the period against the previous period of the same length.

  --since S     a length before --until (7d, 36h, 90m, 2w) or an ISO 8601 instant (default 7d)
  --until U     now or an ISO 8601 instant (default now)
  --format F    md (what a person pastes into a ticket; default) or json (the API's shape)
  --out FILE    write the report to FILE instead of standard output
  -h, --help    this text`;

export interface ReportArgs {
  query: ReportQuery;
  format: 'md' | 'json';
  out?: string;
  help: boolean;
}

/** Parses and checks the flags (the period against `now` too); throws UsageError. Touches nothing. */
export function parseReportArgs(argv: string[], now: Date): ReportArgs {
  let values: { since?: string; until?: string; format?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { since: { type: 'string' }, until: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), USAGE);
  }
  if (values.help) return { query: reportQuery.parse({}), format: 'md', help: true };
  const parsed = reportQuery.safeParse({ since: values.since, until: values.until });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '), USAGE);
  try {
    resolveWindow(parsed.data, now);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), USAGE);
  }
  if (values.format !== undefined && values.format !== 'md' && values.format !== 'json') throw new UsageError(`--format must be md or json (got "${values.format}")`, USAGE);
  if (values.out === '') throw new UsageError('--out needs a file name', USAGE);
  return { query: parsed.data, format: (values.format ?? 'md') as 'md' | 'json', out: values.out, help: false };
}

/** The folder of `--out` must exist and the path must not be a folder; checked before the database is opened. */
async function checkOut(file: string): Promise<void> {
  const dir = await stat(path.dirname(path.resolve(file))).catch(() => null);
  if (!dir?.isDirectory()) throw new UsageError(`--out ${file}: the folder ${path.dirname(path.resolve(file))} does not exist`, USAGE);
  if ((await stat(file).catch(() => null))?.isDirectory()) throw new UsageError(`--out ${file} is a folder`, USAGE);
}

/** Writes through a temporary file and a rename, so FILE is either the whole report or untouched. */
async function writeWhole(file: string, text: string): Promise<void> {
  const temporary = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${randomUUID()}.tmp`);
  await writeFile(temporary, text);
  await rename(temporary, file);
}

/** Where the report reads: DATABASE_URL, else PGlite in MANA_DATA_DIR (what every service reads). */
export interface ReportDatabaseConfig {
  databaseUrl?: string;
  dataDir?: string;
}

const reportEnv = z.object({ DATABASE_URL: z.string().optional(), MANA_DATA_DIR: z.string().optional() });

/** The report's database settings from the environment, parsed once. */
export function loadReportDatabaseConfig(env: Record<string, string | undefined> = process.env): ReportDatabaseConfig {
  const parsed = parseEnv(reportEnv, env);
  return { databaseUrl: parsed.DATABASE_URL || undefined, dataDir: parsed.MANA_DATA_DIR };
}

export interface ReportIo {
  config?: ReportDatabaseConfig;
  /** Use this database instead of opening the configured one (not closed here). */
  database?: Database;
  now?: () => Date;
  out?: (text: string) => void;
  err?: (line: string) => void;
}

/** Runs `npm run report`; returns the exit code (0 ok, 1 failure, 2 usage: nothing written). */
export async function runReport(argv: string[], io: ReportIo = {}): Promise<number> {
  const out = io.out ?? ((text: string) => process.stdout.write(text));
  const err = io.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = (io.now ?? (() => new Date()))();
  let args: ReportArgs;
  try {
    args = parseReportArgs(argv, now);
    if (args.out) await checkOut(args.out);
  } catch (error) {
    err(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    out(`${USAGE}\n`);
    return 0;
  }
  let database: Database | undefined = io.database;
  try {
    const config = io.config ?? loadReportDatabaseConfig();
    database ??= await createDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    const report = await buildReport({ database, now: () => now }, { query: args.query });
    const text = args.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderMarkdown(report);
    if (!args.out) out(text);
    else {
      await writeWhole(args.out, text);
      const n = report.anomalies.length;
      err(`${n === 0 ? 'No findings' : n === 1 ? '1 finding' : `${n} findings`}; report written to ${args.out}`);
    }
    return 0;
  } catch (error) {
    if (isAppError(error) && error.code === 'VALIDATION') {
      err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    err(`report failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    if (database && !io.database) await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await runReport(process.argv.slice(2));
}
