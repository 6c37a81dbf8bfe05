import type { FaultSpec } from './parse-faults';
import type { Random } from '@mana/core';

/** What the dice decided for one call of one tool. */
export interface FaultPlan {
  latencyMs: number;
  fail: boolean;
  empty: boolean;
}

/** Rolls the configured faults for each tool call. */
export interface FaultInjector {
  /** True when at least one fault is configured. */
  readonly active: boolean;
  plan(tool: string): FaultPlan;
}

const NONE: FaultPlan = { latencyMs: 0, fail: false, empty: false };

/**
 * Builds the injector from parsed `MCP_FAULTS`. Every tool named must be one the
 * server exposes (so a typo cannot make a drill silently do nothing); several
 * entries for one tool combine (latencies add up).
 */
export function createFaultInjector(specs: readonly FaultSpec[], exposedTools: readonly string[], random: Random): FaultInjector {
  const known = new Set(exposedTools);
  const byTool = new Map<string, FaultSpec[]>();
  for (const spec of specs) {
    if (!known.has(spec.tool)) throw new Error(`MCP_FAULTS names "${spec.tool}", which is not a tool this server exposes`);
    byTool.set(spec.tool, [...(byTool.get(spec.tool) ?? []), spec]);
  }
  return {
    active: byTool.size > 0,
    plan(tool) {
      const specsForTool = byTool.get(tool);
      if (!specsForTool) return NONE;
      const plan: FaultPlan = { latencyMs: 0, fail: false, empty: false };
      for (const spec of specsForTool) {
        if (spec.kind === 'latency') plan.latencyMs += spec.value;
        else if (spec.kind === 'error') plan.fail ||= random.chance(spec.value);
        else plan.empty ||= random.chance(spec.value);
      }
      return plan;
    },
  };
}
