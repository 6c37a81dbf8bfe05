import { pathToFileURL } from 'node:url';
import { recordingJsonSchema } from '@mana/contracts';
import { outFileProblem, parseCli, runCommand, UsageError, writeWhole, type CommandIo } from '@mana/core';
import { parseWindowFlags, withReportDatabase, type ReportDatabaseIo } from '@mana/insights';
import { exportRecording, type ExportResult } from '../recording/export-recording';
import { recordingText } from '../recording/recording-text';

export const USAGE = `Usage: npm run record:export -- [--since 7d] [--until now] [--personas a,b] [--out FILE]
       npm run record:export -- --schema FILE

The personas' recorded days of the configured database (DATABASE_URL, else PGlite
in MANA_DATA_DIR) as a portable recording (JSON Lines, docs/recording.md): the
finished ticks that started in the window, per persona in time order.

  --since S       a length before --until (7d, 36h, 90m, 2w) or an ISO 8601 instant (default 7d)
  --until U       now or an ISO 8601 instant (default now)
  --personas L    only these personas, comma-separated, each by its ref (persona.anna) or e-mail
  --out FILE      write the recording to FILE (whole or not at all) instead of standard output
  --schema FILE   write the recording's JSON Schema to FILE and stop (no database is opened)
  -h, --help      this text`;

export interface ExportArgs {
  since: Date;
  until: Date;
  personas?: string[];
  out?: string;
  schema?: string;
  help: boolean;
}

/** Parses and checks the flags (the window against `now` too); throws UsageError. Touches nothing. */
export function parseExportArgs(argv: string[], now: Date): ExportArgs {
  const values = parseCli(argv, { since: { type: 'string' }, until: { type: 'string' }, personas: { type: 'string' }, out: { type: 'string' }, schema: { type: 'string' } }, USAGE);
  if (values.help) return { since: now, until: now, help: true };
  const usage = (message: string) => new UsageError(message, USAGE);
  if (values.schema !== undefined) {
    if (values.schema === '') throw usage('--schema needs a file name');
    const others = Object.keys(values).filter((key) => key !== 'schema');
    if (others.length > 0) throw usage(`--schema stands alone (also given: ${others.map((k) => `--${k}`).join(', ')})`);
    return { since: now, until: now, schema: values.schema, help: false };
  }
  const { window } = parseWindowFlags(values, now, USAGE);
  let personas: string[] | undefined;
  if (values.personas !== undefined) {
    personas = [...new Set(values.personas.split(',').map((name) => name.trim()))];
    if (personas.some((name) => name === '')) throw usage(`--personas needs comma-separated refs or e-mails (got "${values.personas}")`);
  }
  if (values.out === '') throw usage('--out needs a file name');
  return { since: window.since, until: window.until, personas, out: values.out, help: false };
}

export interface ExportIo extends CommandIo, ReportDatabaseIo {}

/** The summary line on stderr: what was exported, and what was left out and why. */
export function summaryLine(result: ExportResult, target: string): string {
  const { header } = result.recording;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [
    `Exported ${plural(header.ticks, 'tick')} (${plural(header.calls, 'call')}) of ${plural(header.personas, 'persona')} from ${header.span.since} to ${header.span.until} to ${target}`,
  ];
  parts.push(`skipped ${plural(result.skipped.noRecord, 'tick')} without a stored record`);
  if (result.skipped.unreadable > 0) parts.push(`${plural(result.skipped.unreadable, 'tick')} whose record is not version 1`);
  if (result.missingSurfaces.length > 0) parts.push(`no stored tools/list for surface ${result.missingSurfaces.join(', ')} (exported without a surface hash)`);
  return parts.join('; ');
}

/** Runs `npm run record:export`; returns the exit code (0 ok, 1 failure, 2 usage: nothing written). */
export async function runExport(argv: string[], io: ExportIo = {}): Promise<number> {
  return runCommand(
    {
      name: 'export',
      usage: USAGE,
      async parse(argv, now) {
        const args = parseExportArgs(argv, now);
        const file = args.schema ?? args.out;
        const problem = file ? await outFileProblem(file) : null;
        if (problem) throw new UsageError(`${args.schema ? '--schema' : '--out'} ${problem}`, USAGE);
        return args;
      },
      async run(args, { out, err }) {
        if (args.schema) {
          await writeWhole(args.schema, `${JSON.stringify(recordingJsonSchema(), null, 2)}\n`);
          err(`JSON Schema of the recording written to ${args.schema}`);
          return 0;
        }
        return withReportDatabase(io, async (database) => {
          const result = await exportRecording(database, { since: args.since, until: args.until, personas: args.personas });
          const text = recordingText(result.recording);
          if (args.out) await writeWhole(args.out, text);
          else out(text);
          err(summaryLine(result, args.out ?? 'standard output'));
          return 0;
        });
      },
    },
    argv,
    io,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await runExport(process.argv.slice(2));
}
