/**
 * `npm run replay -- --recording days.jsonl [...]`: see USAGE in replay-args.ts.
 * The exit code is the verdict a CI job acts on (0 nothing worse, 1 something got
 * worse, 2 bad usage or recording, 3 the replay itself failed).
 */
import { runReplayCli } from './run-replay';

const code = await runReplayCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).catch((error: unknown) => {
  process.stderr.write(`the replay failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 3;
});
process.exitCode = code;
