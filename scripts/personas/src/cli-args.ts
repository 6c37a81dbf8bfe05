import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '@mana/core';

type Options = NonNullable<ParseArgsConfig['options']>;

/** `node:util` parseArgs in strict mode; unknown or malformed flags become a `UsageError`. */
export function parseCli<O extends Options>(argv: string[], options: O, usage: string) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message, usage);
  }
}

/** Runs a script's main: usage errors print the usage and exit 2, other failures exit 1. */
export function runCli(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${error.usage}`);
      process.exit(2);
    }
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
