/**
 * `npm run replay -- --recording days.jsonl [...]`: see USAGE in replay-args.ts.
 * The exit code is the verdict a CI job acts on (0 nothing worse, 1 something got
 * worse, 2 bad usage or recording, 3 the replay itself failed).
 */
import { runReplayCli } from './run-replay';

process.exitCode = await runReplayCli(process.argv.slice(2));
