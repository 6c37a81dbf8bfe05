import { replayDifferenceKind, type Recording, type ReplayDifferenceKind } from '@mana/contracts';
import { AppError, type Logger } from '@mana/core';
import type { Database } from '@mana/db';
import type { ToolRegistry } from '@mana/tools';
import type { LatencyThreshold } from './compare';
import type { ReplayedStep } from './replay-tick';

/** Default latency threshold: flagged only when the handler time grew by both +50 % and +50 ms. */
export const DEFAULT_LATENCY: LatencyThreshold = { ratio: 0.5, minMs: 50 };
/** Each MCP request of a replayed call gives up after this (the runner's own default). */
export const DEFAULT_CALL_TIMEOUT_MS = 60_000;

/** Progress after each persona's last tick (one line per persona on a pipe). */
export interface PersonaProgress {
  ref: string;
  ticks: number;
  calls: number;
  differences: number;
  personasDone: number;
  personas: number;
}

/** Progress after each tick (a bar on a terminal). */
export interface TickProgress {
  ticksDone: number;
  ticks: number;
  callsDone: number;
  differences: number;
}

/** What `replay()` is asked to do. Only `recording` is required. */
export interface ReplayOptions {
  recording: Recording;
  /** Replay against running services instead of starting this checkout. */
  remote?: { mcpUrl: string; authUrl: string };
  /** Base environment (default process.env): DATABASE_URL, LOG_LEVEL, admin credentials of a remote target. */
  env?: Record<string, string | undefined>;
  /** In-process on this open database (tests); otherwise DATABASE_URL, else PGlite in memory. */
  database?: Database;
  /** The registry mana-mcp serves in-process (default the app's); tests pass a changed one. */
  registry?: ToolRegistry;
  /** MCP_FAULTS of the in-process build (default from `env`). */
  faults?: string;
  latency?: Partial<LatencyThreshold>;
  /** Kinds that do not make the exit code 1. */
  allow?: readonly ReplayDifferenceKind[];
  /** Let the configured driver continue a diverged cassette (not supported yet: refused). */
  liveAfterDivergence?: boolean;
  timeoutMs?: number;
  /** Keep the personas the replay created; by default they are deleted at the end where the database outlives the run (PostgreSQL, a remote target). */
  keepPersonas?: boolean;
  /** Store the run in `replay_runs` (default: when in-process on PostgreSQL). */
  store?: boolean;
  onTick?: (progress: TickProgress) => void;
  onPersona?: (progress: PersonaProgress) => void;
  onCall?: (step: ReplayedStep) => void;
  log?: Logger;
}

/** Options checked and filled in; nothing is started before this succeeds. */
export interface ReplayPlan {
  latency: LatencyThreshold;
  allow: ReplayDifferenceKind[];
  timeoutMs: number;
}

/** Checks the options and throws `AppError('VALIDATION')` naming the bad one; touches nothing. */
export function planReplay(options: ReplayOptions): ReplayPlan {
  if (options.liveAfterDivergence) {
    throw new AppError(
      'VALIDATION',
      '--live-after-divergence is not supported yet: a diverged cassette stops at its step (kind "diverged"); no LLM provider is contacted by a replay',
    );
  }
  if (options.remote && (options.database || options.registry || options.faults)) {
    throw new AppError('VALIDATION', 'a remote target runs its own build: database, registry and faults apply to an in-process replay only');
  }
  const latency = { ...DEFAULT_LATENCY, ...options.latency };
  if (!Number.isFinite(latency.ratio) || latency.ratio < 0) throw new AppError('VALIDATION', `latency ratio must be a number of at least 0 (got ${latency.ratio})`);
  if (!Number.isFinite(latency.minMs) || latency.minMs < 0) throw new AppError('VALIDATION', `latency minimum must be at least 0 ms (got ${latency.minMs})`);
  const allow = [...(options.allow ?? [])];
  for (const kind of allow) {
    if (!replayDifferenceKind.safeParse(kind).success) throw new AppError('VALIDATION', `unknown kind "${kind}" (known: ${replayDifferenceKind.options.join(', ')})`);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100) throw new AppError('VALIDATION', `timeout must be whole milliseconds of at least 100 (got ${timeoutMs})`);
  return { latency, allow, timeoutMs };
}
