import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isAppError } from './errors';
import { UsageError } from './usage-error';

/**
 * What the command-line tools share: strict flag parsing (`parseCli`) and the run
 * with its exit codes (`runCommand`); files are written with `out-file.ts`.
 */

type Options = NonNullable<ParseArgsConfig['options']>;

/** `node:util` parseArgs in strict mode, with `-h/--help`; unknown or malformed flags become a `UsageError`. */
export function parseCli<O extends Options>(argv: string[], options: O, usage: string) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message, usage);
  }
}

/** Where a command writes and what time it reads; the defaults are the process's streams and clock, tests pass their own. */
export interface CommandIo {
  now?: () => Date;
  /** Standard output: the result, written as given. */
  out?: (text: string) => void;
  /** Standard error: one line per call, the newline added. */
  err?: (line: string) => void;
}

/** What a command's body gets: the streams and the one instant the whole run reads as now. */
export interface CommandContext {
  now: Date;
  out: (text: string) => void;
  err: (line: string) => void;
}

/** A command: its name (in `<name> failed: …`), its usage text, how it reads its flags and what it does. */
export interface Command<A extends { help: boolean }> {
  name: string;
  usage: string;
  /** Parses and checks the flags (and the files to write) before anything is read or written; throws for bad usage. */
  parse: (argv: string[], now: Date) => A | Promise<A>;
  /** Does the work; returns the exit code (0 unless the command has its own). */
  run: (args: A, context: CommandContext) => Promise<number>;
}

/**
 * Runs a command with the exit codes every CLI here keeps, and returns the code:
 * 2 for bad usage (the message and the usage text on stderr, nothing written) —
 * anything `parse` throws, or a VALIDATION `AppError` from `run`; 0 with the usage
 * on stdout for `--help`; 1 for any other failure (`<name> failed: …` on stderr).
 */
export async function runCommand<A extends { help: boolean }>(command: Command<A>, argv: string[], io: CommandIo = {}): Promise<number> {
  const out = io.out ?? ((text: string) => process.stdout.write(text));
  const err = io.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = (io.now ?? (() => new Date()))();
  const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
  let args: A;
  try {
    args = await command.parse(argv, now);
  } catch (error) {
    err(`${message(error)}\n\n${command.usage}`);
    return 2;
  }
  if (args.help) {
    out(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(args, { now, out, err });
  } catch (error) {
    if (isAppError(error) && error.code === 'VALIDATION') {
      err(`${error.message}\n\n${command.usage}`);
      return 2;
    }
    err(`${command.name} failed: ${message(error)}`);
    return 1;
  }
}
