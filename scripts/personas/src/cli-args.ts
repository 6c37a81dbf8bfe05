import { UsageError } from '@mana/core';

/** Strict flag parsing, shared by every CLI; re-exported so the scripts keep importing it from here. */
export { parseCli } from '@mana/core';

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
