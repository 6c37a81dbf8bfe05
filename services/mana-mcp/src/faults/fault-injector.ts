import type { FaultSpec } from './parse-faults';
import type { FaultDice } from './fault-dice';

/** What the dice decided for one call of one tool. */
export interface FaultPlan {
  latencyMs: number;
  fail: boolean;
  empty: boolean;
}

/** Who calls when: the dice are keyed by it, and `from` is compared with `at`. */
export interface FaultCall {
  /** A stable name of the caller (the token's e-mail, else its user id). */
  caller: string;
  /** The server's clock at the call (the dice use its hour). */
  at: Date;
}

/** Rolls the configured faults for each tool call. */
export interface FaultInjector {
  /** True when at least one fault is configured. */
  readonly active: boolean;
  plan(tool: string, call?: FaultCall): FaultPlan;
}

export interface FaultInjectorOptions {
  /** Faults apply to calls at or after this instant only (`MCP_FAULTS_FROM`); unset = always. */
  from?: Date;
}

const NONE: FaultPlan = { latencyMs: 0, fail: false, empty: false };
const HOUR_MS = 3_600_000;
/** The call counters only need to tell apart calls at one instant; a bounded map is enough. */
const MAX_COUNTERS = 10_000;

/**
 * Builds the injector from parsed `MCP_FAULTS`. Every tool named must be one the
 * server exposes (so a typo cannot make a drill silently do nothing); several
 * entries for one tool combine (latencies add up). A call's die is keyed by
 * caller, hour, tool and how many times the caller called that tool in that
 * hour, so one caller's fault does not depend on what others did before.
 */
export function createFaultInjector(specs: readonly FaultSpec[], exposedTools: readonly string[], dice: FaultDice, options: FaultInjectorOptions = {}): FaultInjector {
  const known = new Set(exposedTools);
  const byTool = new Map<string, FaultSpec[]>();
  for (const spec of specs) {
    if (!known.has(spec.tool)) throw new Error(`MCP_FAULTS names "${spec.tool}", which is not a tool this server exposes`);
    byTool.set(spec.tool, [...(byTool.get(spec.tool) ?? []), spec]);
  }
  const counters = new Map<string, number>();
  const callKey = (tool: string, call: FaultCall | undefined): string => {
    const base = call ? `${call.caller}|${Math.floor(call.at.getTime() / HOUR_MS)}|${tool}` : tool;
    if (counters.size >= MAX_COUNTERS && !counters.has(base)) counters.clear();
    const n = (counters.get(base) ?? 0) + 1;
    counters.set(base, n);
    return `${base}|${n}`;
  };
  return {
    active: byTool.size > 0,
    plan(tool, call) {
      const specsForTool = byTool.get(tool);
      if (!specsForTool) return NONE;
      if (options.from && call && call.at < options.from) return NONE;
      const key = callKey(tool, call);
      const plan: FaultPlan = { latencyMs: 0, fail: false, empty: false };
      specsForTool.forEach((spec, i) => {
        if (spec.kind === 'latency') plan.latencyMs += spec.value;
        else if (spec.kind === 'error') plan.fail ||= dice(`${key}|${i}`) < spec.value;
        else plan.empty ||= dice(`${key}|${i}`) < spec.value;
      });
      return plan;
    },
  };
}
