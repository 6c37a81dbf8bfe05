import { z } from 'zod';
import { actionResult } from './ticks';

/**
 * The result of one replay (`npm run replay`, version 1): what was replayed
 * against which build, the counts per tool and kind of difference, and the
 * differences call by call with the recorded tick they came from. Written by
 * `--json FILE`, rendered as Markdown and JUnit, and stored in `replay_runs.result`
 * when the replay ran against a database (listed by `GET /api/v1/admin/replays`).
 */
export const REPLAY_RESULT_VERSION = 1;

/**
 * What changed in one call (or tool, or tick): `ok→error` / `error→ok` the
 * outcome flipped; `shape` the result's key structure differs (ids ignored) or
 * fails the current tool's output schema; `empty` its lists went empty or
 * filled; `latency` the app's own time grew past the threshold; `surface` the
 * tool is gone from tools/list or its input/output schema changed;
 * `unreplayable` an argument holds a recorded id no earlier result remapped
 * (never sent); `diverged` an LLM tick's cassette stopped at a non-equivalent result.
 */
export const replayDifferenceKind = z.enum(['ok→error', 'error→ok', 'shape', 'empty', 'latency', 'surface', 'unreplayable', 'diverged']);
export type ReplayDifferenceKind = z.infer<typeof replayDifferenceKind>;

/** The kinds that make the exit code 1 unless `--allow`ed ("something got worse"). */
export const REPLAY_REGRESSION_KINDS: readonly ReplayDifferenceKind[] = ['ok→error', 'shape', 'surface', 'latency'];

/** Text of a result kept in a difference (each side); longer text ends with `…`. */
export const MAX_REPLAY_TEXT_CHARS = 1_000;
/** Differences kept call by call; counts per tool and kind are always complete (`differencesOmitted` says how many were left out). */
export const MAX_REPLAY_DIFFERENCES = 1_000;

const instant = z.iso.datetime({ offset: true });
const count = z.number().int().min(0);

/** One side of a compared call: its outcome, its text (cut), the app's own time when reported. */
export const replayCallSide = z
  .object({
    result: actionResult,
    /** The result JSON text (`ok`) or the error text (`error`), cut at MAX_REPLAY_TEXT_CHARS. */
    text: z.string(),
    handlerMs: z.number().min(0).optional(),
  })
  .strict();
export type ReplayCallSide = z.infer<typeof replayCallSide>;

/** One difference, tied to the recorded tick and call it came from. */
export const replayDifference = z
  .object({
    kind: replayDifferenceKind,
    tool: z.string(),
    /** True when it counts towards exit code 1 (a regression kind, not allowed). */
    regression: z.boolean(),
    /** What differs, in words ("result.items: list was non-empty, now empty"). */
    detail: z.string(),
    /** The recorded persona (`persona.ref` of the recording) and tick. */
    persona: z.string(),
    tickId: z.string().optional(),
    slot: z.string().optional(),
    /** 1-based position of the call among the tick's calls; absent for a tool-level `surface`. */
    step: z.number().int().min(1).optional(),
    callId: z.string().optional(),
    /** The recorded instant of the call. */
    at: instant.optional(),
    /** The arguments as replayed (ids remapped), or as recorded when the call was not sent. */
    arguments: z.unknown().optional(),
    recorded: replayCallSide.optional(),
    /** Absent when the call was not sent (`unreplayable`, `surface` of a removed tool, `diverged`). */
    replayed: replayCallSide.optional(),
  })
  .strict();
export type ReplayDifference = z.infer<typeof replayDifference>;

/** Per tool: its calls and its differences by kind. */
export const replayToolSummary = z
  .object({
    tool: z.string(),
    /** Recorded calls of the tool, sent calls, and calls not sent (unreplayable, removed tool, after a divergence). */
    calls: count,
    replayed: count,
    skipped: count,
    differences: z.partialRecord(replayDifferenceKind, count),
    /** True when one of its differences counts towards exit code 1. */
    regression: z.boolean(),
  })
  .strict();
export type ReplayToolSummary = z.infer<typeof replayToolSummary>;

export const replayResult = z
  .object({
    version: z.literal(REPLAY_RESULT_VERSION),
    id: z.string().min(1),
    startedAt: instant,
    finishedAt: instant,
    target: z
      .object({
        /** `in-process`: this checkout started on the embedded database with a virtual clock; `remote`: running services. */
        kind: z.enum(['in-process', 'remote']),
        mcpUrl: z.string().optional(),
        authUrl: z.string().optional(),
        /** False on a remote target: date-dependent tools see the target's own today. */
        virtualClock: z.boolean(),
        database: z.enum(['pglite', 'postgres']).optional(),
      })
      .strict(),
    /** The recording's header as read (format, version, source, span) and what it holds. */
    recording: z
      .object({
        format: z.string(),
        version: z.number().int(),
        source: z.string().optional(),
        from: instant.optional(),
        until: instant.optional(),
        personas: count,
        ticks: count,
        calls: count,
      })
      .strict(),
    settings: z
      .object({
        /** A call is `latency` when its handler time grew by both this ratio and this many ms. */
        latencyRatio: z.number().min(0),
        latencyMinMs: z.number().min(0),
        allow: z.array(replayDifferenceKind),
        liveAfterDivergence: z.boolean(),
      })
      .strict(),
    totals: z
      .object({
        personas: count,
        ticks: count,
        calls: count,
        replayed: count,
        skipped: count,
        differences: count,
        regressions: count,
        /** Tools with at least one difference (the headline's "N tools changed behaviour"). */
        toolsChanged: count,
        divergedTicks: count,
        /** Argument values replaced by the id a replayed result gave at the place the recorded one did. */
        remappedIds: count,
        /** Calls whose recorded result was cut at 2,000 characters: compared as far as it could be parsed. */
        cutOutputs: count,
      })
      .strict(),
    byKind: z.partialRecord(replayDifferenceKind, count),
    tools: z.array(replayToolSummary),
    differences: z.array(replayDifference).max(MAX_REPLAY_DIFFERENCES),
    differencesOmitted: count,
    /** Plain sentences a reader must know (no virtual clock, cut outputs, persona set-up failures). */
    notes: z.array(z.string()),
    /** 0 nothing worse, 1 something got worse. */
    exitCode: z.union([z.literal(0), z.literal(1)]),
  })
  .strict();
export type ReplayResult = z.infer<typeof replayResult>;
