import { sql, type SQL } from 'drizzle-orm';
import type { CompleteRequest, ToolSurface } from '@mana/contracts';
import { AppError, simulatorKeyOf, surfaceHashOf } from '@mana/core';

/** The fingerprint columns of a `persona_ticks` row, as a completion sets them. */
export interface FingerprintColumns {
  promptHash: string | null;
  policyVersion: string | null;
  surfaceHash: string | null;
  /** `simulatorKeyOf(driver, model, promptHash, policyVersion)`, derived here, never taken from the runner. */
  simulatorKey: string | null;
}

/**
 * Refuses (VALIDATION, before anything is written) a surface whose tools do
 * not hash to its `hash`, or that the completion's fingerprint does not name:
 * a stored copy must be the surface its hash says, or the report's surface
 * diff would show changes no server made.
 */
export function checkSurface(input: Pick<CompleteRequest, 'fingerprint' | 'surface'>): void {
  const { surface, fingerprint } = input;
  if (!surface) return;
  const actual = surfaceHashOf(surface.tools);
  if (actual !== surface.hash) {
    throw new AppError(
      'VALIDATION',
      `surface.hash ${surface.hash} does not match its tools: they hash to ${actual} (surfaceHashOf in @mana/core: SHA-256 over the canonical JSON of the tools sorted by name)`,
    );
  }
  if (fingerprint?.surfaceHash !== surface.hash) {
    throw new AppError('VALIDATION', `surface ${surface.hash} is not the one fingerprint.surfaceHash names (${fingerprint?.surfaceHash ?? 'none'})`);
  }
}

/** What a completion stores as the tick's fingerprint: all null from a runner that sends none. */
export function fingerprintColumns(input: Pick<CompleteRequest, 'driver' | 'model' | 'fingerprint'>): FingerprintColumns {
  const f = input.fingerprint;
  if (!f) return { promptHash: null, policyVersion: null, surfaceHash: null, simulatorKey: null };
  return {
    promptHash: f.promptHash,
    policyVersion: f.policyVersion,
    surfaceHash: f.surfaceHash,
    simulatorKey: simulatorKeyOf({ driver: input.driver, model: input.model, promptHash: f.promptHash, policyVersion: f.policyVersion }),
  };
}

/** Stores one copy of a surface per hash; a hash already stored keeps its first copy and its `first_seen_at`. */
export function surfaceInsert(surface: ToolSurface, now: Date): SQL {
  return sql`insert into tool_surfaces (hash, tools, tool_count, first_seen_at)
        values (${surface.hash}, ${JSON.stringify(surface.tools)}::jsonb, ${surface.tools.length}, ${now.toISOString()}::timestamptz)
        on conflict (hash) do nothing`;
}
