import type { CommandIo } from '../cli';

/** What a command wrote and returned: the exit code, standard output as written, standard error's lines joined by newlines. */
export interface CapturedCommand {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs a CLI's `run…(argv, io)` (built on `runCommand`) with its streams captured
 * instead of the process's; `io` gives the rest (the clock, a test database).
 */
export async function captureCommand<I extends CommandIo>(
  command: (argv: string[], io?: I) => Promise<number>,
  argv: string[],
  io: Omit<I, 'out' | 'err'>,
): Promise<CapturedCommand> {
  const out: string[] = [];
  const err: string[] = [];
  // `io` is I without its streams, and the streams are added back: I again (TypeScript cannot see it through Omit).
  const code = await command(argv, { ...io, out: (text: string) => out.push(text), err: (line: string) => err.push(line) } as unknown as I);
  return { code, out: out.join(''), err: err.join('\n') };
}
