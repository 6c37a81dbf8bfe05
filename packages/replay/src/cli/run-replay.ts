import { readFile } from 'node:fs/promises';
import { readRecording, RecordingError, type Recording } from '@mana/contracts';
import { isAppError, outFileProblem, runCommand, UsageError, writeWhole, type CommandIo } from '@mana/core';
import type { ReplayOptions } from '../engine/options';
import { replay } from '../engine/replay';
import { renderJunit } from '../report/junit';
import { renderMarkdown } from '../report/markdown';
import { parseReplayArgs, USAGE, type ReplayArgs } from './replay-args';
import { createReplayProgress } from './replay-progress';

/** The streams and clock of `runCommand`, the environment, where progress goes, and what a test may set beyond the flags. */
export interface ReplayCliIo extends CommandIo, Pick<ReplayOptions, 'database' | 'registry' | 'faults' | 'latency'> {
  /** Default `process.env`: DATABASE_URL, MCP_FAULTS, LOG_LEVEL, a remote target's admin credentials. */
  env?: Record<string, string | undefined>;
  /** Default standard error: a redrawn bar on a terminal, one line per persona otherwise. */
  progress?: Pick<NodeJS.WriteStream, 'write' | 'isTTY'>;
}

/** The flags with the recording read and checked. */
type ParsedReplay = ReplayArgs & { loaded?: Recording };

/** Exit code of a replay that could not run (a target that cannot be reached): apart from 1, which means "something got worse". */
export const REPLAY_FAILED = 3;

/**
 * `npm run replay` on core's `runCommand`: the flags, the output files and the
 * recording are checked before anything starts (bad ones exit 2, nothing
 * written); the outputs are written only after the replay, each whole or not at
 * all. Returns 0 nothing got worse, 1 something got worse, 2 bad usage or a bad
 * recording, 3 the replay itself failed.
 */
export function runReplayCli(argv: string[], io: ReplayCliIo = {}): Promise<number> {
  return runCommand<ParsedReplay>(
    {
      name: 'replay',
      usage: USAGE,
      parse: async (flags) => {
        const args = parseReplayArgs(flags);
        if (args.help) return args;
        for (const file of [args.json, args.junit, args.markdown]) {
          const problem = file === undefined ? null : await outFileProblem(file);
          if (problem) throw new UsageError(problem, USAGE);
        }
        const text = await readFile(args.recording, 'utf8').catch((error: NodeJS.ErrnoException) => {
          throw new UsageError(`${args.recording}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`, USAGE);
        });
        try {
          return { ...args, loaded: readRecording(text) };
        } catch (error) {
          if (error instanceof RecordingError) throw new UsageError(`${args.recording}: ${error.message}`, USAGE);
          throw error;
        }
      },
      run: async (args, { out, err }) => {
        const progress = createReplayProgress((io.progress ?? process.stderr) as NodeJS.WriteStream);
        let result: Awaited<ReturnType<typeof replay>>;
        try {
          result = await replay({
            database: io.database,
            registry: io.registry,
            faults: io.faults,
            recording: args.loaded!,
            remote: args.remote,
            env: io.env ?? process.env,
            allow: args.allow,
            latency: { ...args.latency, ...io.latency },
            liveAfterDivergence: args.liveAfterDivergence,
            keepPersonas: args.keepPersonas,
            timeoutMs: args.timeoutMs,
            onTick: progress.tick,
            onPersona: progress.persona,
          });
        } catch (error) {
          if (isAppError(error) && error.code === 'VALIDATION') throw error;
          err(`the replay failed: ${error instanceof Error ? error.message : String(error)}`);
          return REPLAY_FAILED;
        } finally {
          progress.end();
        }
        const markdown = renderMarkdown(result);
        if (args.json) await writeWhole(args.json, `${JSON.stringify(result, null, 2)}\n`);
        if (args.junit) await writeWhole(args.junit, renderJunit(result));
        if (args.markdown) await writeWhole(args.markdown, markdown);
        else out(markdown);
        return result.exitCode;
      },
    },
    argv,
    io,
  );
}
