import {
  cutText,
  MAX_REPLAY_DIFFERENCES,
  MAX_REPLAY_TEXT_CHARS,
  REPLAY_REGRESSION_KINDS,
  type ReplayDifference,
  type ReplayDifferenceKind,
  type ReplayResult,
  type ReplayToolSummary,
} from '@mana/contracts';
import { latencyDifference, type LatencyThreshold } from './compare';
import { DEFAULT_LATENCY } from './options';

/** A difference as the engine reports it; `regression` is decided here from the kind and `--allow`. */
export type FoundDifference = Omit<ReplayDifference, 'regression'>;

/** Counts kept while replaying; `result()` turns them into the `replayResult` parts. */
export interface Tally {
  /** A recorded call was met (whether or not it is sent). */
  call(tool: string): void;
  replayed(tool: string): void;
  skipped(tool: string, count?: number): void;
  difference(found: FoundDifference): void;
  /**
   * A replayed call's handler time beside its recorded one. Latency is judged
   * per tool, on the medians of its calls, when the run is summed up: one slow
   * call on a loaded CI machine is noise, a tool whose typical call got slower
   * is a regression. `example` is the call shown if the tool is flagged.
   */
  timing(example: Omit<FoundDifference, 'kind' | 'detail'>, recordedMs: number, replayedMs: number): void;
  /** Numbers of the whole run. */
  add(key: 'divergedTicks' | 'remappedIds' | 'cutOutputs' | 'ticks', n?: number): void;
  /** Differences so far (progress lines). */
  differences(): number;
  summary(): Pick<ReplayResult, 'byKind' | 'tools' | 'differences' | 'differencesOmitted' | 'exitCode'> & {
    totals: Omit<ReplayResult['totals'], 'personas'>;
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Text of one side of a difference, cut for the result (a stored run must stay small). */
export function sideText(text: string): string {
  return cutText(text, MAX_REPLAY_TEXT_CHARS);
}

/** Fewer timed calls of a tool than this: its latency is not judged (a median of one or two calls is one machine hiccup). */
export const MIN_TIMED_CALLS = 3;

export function createTally(allow: readonly ReplayDifferenceKind[], latency: LatencyThreshold = DEFAULT_LATENCY): Tally {
  const tools = new Map<string, ReplayToolSummary>();
  const timings = new Map<string, { recorded: number[]; replayed: number[]; example: Omit<FoundDifference, 'kind' | 'detail'>; grew: number }>();
  const byKind: Partial<Record<ReplayDifferenceKind, number>> = {};
  const kept: ReplayDifference[] = [];
  const counts = { divergedTicks: 0, remappedIds: 0, cutOutputs: 0, ticks: 0 };
  let omitted = 0;
  let regressions = 0;
  let total = 0;
  const isRegression = (kind: ReplayDifferenceKind) => REPLAY_REGRESSION_KINDS.includes(kind) && !allow.includes(kind);
  const tool = (name: string): ReplayToolSummary => {
    let entry = tools.get(name);
    if (!entry) {
      entry = { tool: name, calls: 0, replayed: 0, skipped: 0, differences: {}, regression: false };
      tools.set(name, entry);
    }
    return entry;
  };

  const difference = (found: FoundDifference) => {
    const regression = isRegression(found.kind);
    const entry = tool(found.tool);
    entry.differences[found.kind] = (entry.differences[found.kind] ?? 0) + 1;
    entry.regression ||= regression;
    byKind[found.kind] = (byKind[found.kind] ?? 0) + 1;
    total++;
    if (regression) regressions++;
    if (kept.length < MAX_REPLAY_DIFFERENCES) kept.push({ ...found, regression });
    else omitted++;
  };
  /** One `latency` difference per tool whose median handler time grew beyond the threshold. */
  const judgeLatency = () => {
    for (const [name, t] of [...timings.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      if (t.recorded.length < MIN_TIMED_CALLS) continue;
      const [before, after] = [median(t.recorded), median(t.replayed)];
      const slower = latencyDifference(before, after, latency);
      if (slower) difference({ ...t.example, tool: name, kind: 'latency', detail: `median ${slower} over ${t.recorded.length} calls` });
    }
    timings.clear();
  };

  return {
    call: (name) => void tool(name).calls++,
    replayed: (name) => void tool(name).replayed++,
    skipped(name, count = 1) {
      tool(name).skipped += count;
    },
    difference,
    timing(example, recordedMs, replayedMs) {
      const t = timings.get(example.tool) ?? { recorded: [], replayed: [], example, grew: Number.NEGATIVE_INFINITY };
      t.recorded.push(recordedMs);
      t.replayed.push(replayedMs);
      if (replayedMs - recordedMs > t.grew) Object.assign(t, { example, grew: replayedMs - recordedMs });
      timings.set(example.tool, t);
    },
    add(key, n = 1) {
      counts[key] += n;
    },
    differences: () => total,
    summary() {
      judgeLatency();
      const list = [...tools.values()].sort((a, b) => a.tool.localeCompare(b.tool));
      const sum = (key: 'calls' | 'replayed' | 'skipped') => list.reduce((n, t) => n + t[key], 0);
      return {
        totals: {
          ticks: counts.ticks,
          calls: sum('calls'),
          replayed: sum('replayed'),
          skipped: sum('skipped'),
          differences: total,
          regressions,
          toolsChanged: list.filter((t) => Object.keys(t.differences).length > 0).length,
          divergedTicks: counts.divergedTicks,
          remappedIds: counts.remappedIds,
          cutOutputs: counts.cutOutputs,
        },
        byKind,
        tools: list,
        differences: kept,
        differencesOmitted: omitted,
        exitCode: regressions > 0 ? 1 : 0,
      };
    },
  };
}
