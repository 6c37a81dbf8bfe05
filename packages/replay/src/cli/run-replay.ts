import { readFile } from 'node:fs/promises';
import { readRecording, RecordingError, type Recording } from '@mana/contracts';
import { isAppError, UsageError } from '@mana/core';
import type { ReplayOptions } from '../engine/options';
import { replay } from '../engine/replay';
import { outFileProblem, writeWhole } from '../recording/out-file';
import { renderJunit } from '../report/junit';
import { renderMarkdown } from '../report/markdown';
import { parseReplayArgs, USAGE } from './replay-args';
import { createReplayProgress } from './replay-progress';

/** Where the CLI writes: the Markdown (when no --markdown file) to `stdout`, everything else to `stderr`. */
export interface ReplayCliIo {
  stdout: Pick<NodeJS.WriteStream, 'write'>;
  stderr: Pick<NodeJS.WriteStream, 'write' | 'isTTY'>;
  env: Record<string, string | undefined>;
}

/** What a test may set beyond the flags (an open database, a changed registry). */
export type ReplayCliOverrides = Pick<ReplayOptions, 'database' | 'registry' | 'faults' | 'latency'>;

/**
 * `npm run replay`: parses the flags, reads and checks the recording, replays
 * it, and writes the outputs (each whole or not at all, only after the replay).
 * Returns the exit code: 0 nothing worse, 1 something got worse, 2 bad usage
 * or a bad recording (nothing written), 3 the replay itself failed.
 */
export async function runReplayCli(argv: string[], io: ReplayCliIo, overrides: ReplayCliOverrides = {}): Promise<number> {
  const fail = (code: 2 | 3, message: string) => {
    io.stderr.write(`${message}\n`);
    return code;
  };
  let recording: Recording;
  let args: ReturnType<typeof parseReplayArgs>;
  try {
    args = parseReplayArgs(argv);
    if (args.help) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    for (const file of [args.json, args.junit, args.markdown]) {
      const problem = file === undefined ? null : await outFileProblem(file);
      if (problem) throw new UsageError(problem, USAGE);
    }
    const text = await readFile(args.recording, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`${args.recording}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`, USAGE);
    });
    recording = readRecording(text);
  } catch (error) {
    if (error instanceof UsageError) return fail(2, `${error.message}\n\n${error.usage}`);
    if (error instanceof RecordingError) return fail(2, `${args!.recording}: ${error.message}`);
    throw error;
  }

  const progress = createReplayProgress(io.stderr as NodeJS.WriteStream);
  let result: Awaited<ReturnType<typeof replay>>;
  try {
    result = await replay({
      ...overrides,
      recording,
      remote: args.remote,
      env: io.env,
      allow: args.allow,
      latency: { ...args.latency, ...overrides.latency },
      liveAfterDivergence: args.liveAfterDivergence,
      keepPersonas: args.keepPersonas,
      timeoutMs: args.timeoutMs,
      onTick: progress.tick,
      onPersona: progress.persona,
    });
  } catch (error) {
    progress.end();
    if (isAppError(error) && error.code === 'VALIDATION') return fail(2, `${args.recording}: ${error.message}`);
    return fail(3, `the replay failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    progress.end();
  }

  const markdown = renderMarkdown(result);
  if (args.json) await writeWhole(args.json, `${JSON.stringify(result, null, 2)}\n`);
  if (args.junit) await writeWhole(args.junit, renderJunit(result));
  if (args.markdown) await writeWhole(args.markdown, markdown);
  else io.stdout.write(markdown);
  return result.exitCode;
}
