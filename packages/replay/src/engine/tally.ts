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

/** A difference as the engine reports it; `regression` is decided here from the kind and `--allow`. */
export type FoundDifference = Omit<ReplayDifference, 'regression'>;

/** Counts kept while replaying; `result()` turns them into the `replayResult` parts. */
export interface Tally {
  /** A recorded call was met (whether or not it is sent). */
  call(tool: string): void;
  replayed(tool: string): void;
  skipped(tool: string, count?: number): void;
  difference(found: FoundDifference): void;
  /** Numbers of the whole run. */
  add(key: 'divergedTicks' | 'remappedIds' | 'cutOutputs' | 'ticks', n?: number): void;
  /** Differences so far (progress lines). */
  differences(): number;
  summary(): Pick<ReplayResult, 'byKind' | 'tools' | 'differences' | 'differencesOmitted' | 'exitCode'> & {
    totals: Omit<ReplayResult['totals'], 'personas'>;
  };
}

/** Text of one side of a difference, cut for the result (a stored run must stay small). */
export function sideText(text: string): string {
  return cutText(text, MAX_REPLAY_TEXT_CHARS);
}

export function createTally(allow: readonly ReplayDifferenceKind[]): Tally {
  const tools = new Map<string, ReplayToolSummary>();
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

  return {
    call: (name) => void tool(name).calls++,
    replayed: (name) => void tool(name).replayed++,
    skipped(name, count = 1) {
      tool(name).skipped += count;
    },
    difference(found) {
      const regression = isRegression(found.kind);
      const entry = tool(found.tool);
      entry.differences[found.kind] = (entry.differences[found.kind] ?? 0) + 1;
      entry.regression ||= regression;
      byKind[found.kind] = (byKind[found.kind] ?? 0) + 1;
      total++;
      if (regression) regressions++;
      if (kept.length < MAX_REPLAY_DIFFERENCES) kept.push({ ...found, regression });
      else omitted++;
    },
    add(key, n = 1) {
      counts[key] += n;
    },
    differences: () => total,
    summary() {
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
