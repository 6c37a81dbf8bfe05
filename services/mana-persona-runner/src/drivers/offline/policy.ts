import type { IdPool } from './id-pool';
import type { ListedTool } from './mcp-session';
import type { Random } from '@mana/core';
import { generateArgs, type ArgContext } from './schema-args';

/** Chance per step of trying a module outside the persona's mix (curiosity). */
const EXPLORE_CHANCE = 0.08;
/** Chance of looking at a module's list before the first action in it today. */
const LIST_FIRST_CHANCE = 0.75;
/** Nobody opens the same list three times a day or does the same kind of thing four times. */
const MAX_LIST_CALLS = 2;
const MAX_CALLS_PER_TOOL = 3;

/** What the policy remembers within one day. */
export interface DayState {
  calls: Map<string, number>;
  listedModules: Set<string>;
}

/** One planned call. */
export interface PlannedCall {
  tool: ListedTool;
  args: Record<string, unknown>;
}

/** True for list/search tools: read-only and no required `<entity>Id`. */
function isListLike(tool: ListedTool): boolean {
  const required = (tool.inputSchema.required ?? []) as string[];
  return tool.readOnly && !required.some((name) => name.endsWith('Id'));
}

function needsIds(tool: ListedTool): boolean {
  return ((tool.inputSchema.required ?? []) as string[]).some((name) => name.endsWith('Id'));
}

/**
 * The 1-3 modules the persona focuses on today, drawn by the module-mix
 * weights without replacement (people work in a few places a day, and go
 * deeper there: list, then act on what they found).
 */
export function focusModules(random: Random, mix: Record<string, number>, available: readonly string[], calls: number): string[] {
  const inMix = available.filter((module) => (mix[module] ?? 0) > 0);
  const pool = inMix.length > 0 ? inMix : [...available];
  const count = Math.min(pool.length, 1 + (calls > 4 ? 1 : 0) + (random.chance(0.4) ? 1 : 0));
  const focus: string[] = [];
  while (focus.length < count) {
    const rest = pool.filter((module) => !focus.includes(module));
    focus.push(random.weighted(rest.map((module) => [module, inMix.length > 0 ? mix[module] : 1] as const)));
  }
  return focus;
}

/**
 * Modules in the order the persona would turn to them now: one of today's
 * focus drawn by weight (sometimes, out of curiosity, one outside the mix),
 * then the other focus modules and the rest of the mix as fall-backs when the
 * first has nothing to do.
 */
export function moduleOrder(random: Random, mix: Record<string, number>, focus: readonly string[], available: readonly string[]): string[] {
  const outside = available.filter((module) => !(mix[module] > 0));
  const first = outside.length > 0 && random.chance(EXPLORE_CHANCE) ? random.pick(outside) : random.weighted(focus.map((module) => [module, mix[module] ?? 1] as const));
  const rest = available
    .filter((module) => module !== first && (mix[module] ?? 0) > 0)
    .sort((a, b) => Number(focus.includes(b)) - Number(focus.includes(a)) || mix[b] - mix[a] || a.localeCompare(b));
  return [first, ...rest];
}

/**
 * The variant policy's day (a simulator change for the false-alarm drill): the same module draws
 * as `moduleOrder` makes step by step, all drawn up front, then worked through module by module,
 * starting with the module the persona likes least (lowest mix weight, then name). The day's
 * module mix is the one the draws give; only the order of the calls changes.
 */
export function leastLikedFirstPlan(random: Random, mix: Record<string, number>, focus: readonly string[], available: readonly string[], steps: number): string[][] {
  const plan = Array.from({ length: steps }, () => moduleOrder(random, mix, focus, available));
  const weight = (module: string) => mix[module] ?? 0;
  // Array.prototype.sort is stable: steps in one module keep the order they were drawn in.
  return plan.sort(([a], [b]) => weight(a) - weight(b) || a.localeCompare(b));
}

/**
 * The next call inside one module: list first (most of the time) when the
 * module has not been looked at today, otherwise a weighted choice among the
 * tools that can be called now, favouring acting on existing items and tools
 * used less today. Undefined when nothing in the module is callable.
 */
export function chooseCall(
  tools: readonly ListedTool[],
  module: string,
  state: DayState,
  pool: IdPool,
  argContext: Omit<ArgContext, 'module' | 'readOnly' | 'idFor'>,
): PlannedCall | undefined {
  const { random } = argContext;
  const argsFor = (tool: ListedTool) =>
    generateArgs(tool.inputSchema, {
      ...argContext,
      module,
      readOnly: tool.readOnly,
      idFor: (field, required) => {
        const ids = pool.candidates(module, field, tool.name, required);
        return ids.length > 0 ? random.pick(ids) : undefined;
      },
    });

  const worn = (tool: ListedTool) => (state.calls.get(tool.name) ?? 0) >= (isListLike(tool) ? MAX_LIST_CALLS : MAX_CALLS_PER_TOOL);
  const lists = tools.filter((tool) => isListLike(tool) && !worn(tool));
  if (!state.listedModules.has(module) && lists.length > 0 && random.chance(LIST_FIRST_CHANCE)) {
    const tool = random.weighted(lists.map((t) => [t, 1 / (1 + (state.calls.get(t.name) ?? 0))] as const));
    const args = argsFor(tool);
    if (args) return { tool, args };
  }

  const candidates: (readonly [PlannedCall, number])[] = [];
  for (const tool of tools) {
    if (worn(tool)) continue;
    const args = argsFor(tool);
    if (!args) continue;
    // Acting on existing items is what lists are for; reads of one item come next; creating after that.
    const base = needsIds(tool) ? (tool.readOnly ? 2.5 : 4) : tool.readOnly ? 1 : 2;
    candidates.push([{ tool, args }, base / (1 + 2 * (state.calls.get(tool.name) ?? 0))]);
  }
  return candidates.length > 0 ? random.weighted(candidates) : undefined;
}

/** Bookkeeping after a call. */
export function noteCall(state: DayState, module: string, tool: ListedTool): void {
  state.calls.set(tool.name, (state.calls.get(tool.name) ?? 0) + 1);
  if (isListLike(tool)) state.listedModules.add(module);
}
