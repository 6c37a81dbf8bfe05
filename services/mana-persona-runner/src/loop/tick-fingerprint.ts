import type { SimulatorFingerprint, ToolSurface } from '@mana/contracts';
import type { DayContext, PersonaDriver } from '../drivers/driver';
import type { SurfaceTracker } from './surface-tracker';

/** What a tick's completion carries about its simulator. */
export interface TickFingerprint {
  fingerprint: SimulatorFingerprint;
  /** The surface, when no completion of this runner carrying it has landed yet. */
  surface?: ToolSurface;
}

/**
 * The surface the persona saw in a day that was played: the `tools/list` its
 * driver reported, or, for a driver that does not report it (the Claude Agent
 * SDK lists inside its child), the target's tools as the runner lists them
 * itself with the persona's headers (cached per target). Undefined when they
 * could not be listed.
 */
export async function seenSurface(surfaces: SurfaceTracker, ctx: DayContext, listed: readonly unknown[] | undefined, signal: AbortSignal): Promise<ToolSurface | undefined> {
  if (listed) return surfaces.surfaceOf(listed);
  return surfaces.list(ctx.mcp, signal);
}

/**
 * The tick's simulator fingerprint: the driver's prompt hash and policy
 * version for the day (null for a driver that does not describe itself) and the hash of
 * the surface, which goes along the first time this runner sends it.
 */
export function tickFingerprint(deps: { driver: PersonaDriver; surfaces: SurfaceTracker }, day: Pick<DayContext, 'now'>, surface: ToolSurface | undefined): TickFingerprint {
  const described = deps.driver.describe?.(day);
  return {
    fingerprint: { promptHash: described?.promptHash ?? null, policyVersion: described?.policyVersion ?? null, surfaceHash: surface?.hash ?? null },
    surface: deps.surfaces.unsent(surface),
  };
}
