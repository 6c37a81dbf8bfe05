import { pathToFileURL } from 'node:url';
import { reportQuery, type ReportQuery } from '@mana/contracts';
import { outFileProblem, parseCli, runCommand, UsageError, writeWhole, type CommandIo } from '@mana/core';
import { buildReport } from '../report/build-report';
import { renderMarkdown } from '../report/markdown';
import { withReportDatabase, type ReportDatabaseIo } from './report-database';
import { parseWindowFlags } from './window-flags';

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
  const values = parseCli(argv, { since: { type: 'string' }, until: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } }, USAGE);
  if (values.help) return { query: reportQuery.parse({}), format: 'md', help: true };
  const { query } = parseWindowFlags(values, now, USAGE);
  if (values.format !== undefined && values.format !== 'md' && values.format !== 'json') throw new UsageError(`--format must be md or json (got "${values.format}")`, USAGE);
  if (values.out === '') throw new UsageError('--out needs a file name', USAGE);
  return { query, format: (values.format ?? 'md') as 'md' | 'json', out: values.out, help: false };
}

export interface ReportIo extends CommandIo, ReportDatabaseIo {}

/** Runs `npm run report`; returns the exit code (0 ok, 1 failure, 2 usage: nothing written). */
export async function runReport(argv: string[], io: ReportIo = {}): Promise<number> {
  return runCommand(
    {
      name: 'report',
      usage: USAGE,
      async parse(argv, now) {
        const args = parseReportArgs(argv, now);
        // The folder of --out must exist and the path must not be a folder; checked before the database is opened.
        const problem = args.out ? await outFileProblem(args.out) : null;
        if (problem) throw new UsageError(`--out ${problem}`, USAGE);
        return args;
      },
      run: (args, { now, out, err }) =>
        withReportDatabase(io, async (database) => {
          const report = await buildReport({ database, now: () => now }, { query: args.query });
          const text = args.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderMarkdown(report);
          if (!args.out) out(text);
          else {
            await writeWhole(args.out, text);
            const n = report.anomalies.length;
            err(`${n === 0 ? 'No findings' : n === 1 ? '1 finding' : `${n} findings`}; report written to ${args.out}`);
          }
          return 0;
        }),
    },
    argv,
    io,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await runReport(process.argv.slice(2));
}
