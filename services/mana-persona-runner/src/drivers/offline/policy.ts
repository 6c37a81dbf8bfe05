import type { IdPool } from './id-pool';
import type { ListedTool } from './mcp-session';
import type { Random } from './random';
import { generateArgs, type ArgContext } from './schema-args';

/** Chance per step of trying a module outside the persona's mix (curiosity). */
const EXPLORE_CHANCE = 0.08;
/** Chance of looking at a module's list before the first action in it today. */
const LIST_FIRST_CHANCE = 0.75;

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
 * Modules in the order the persona would turn to them now: one drawn by the
 * module-mix weights (sometimes, out of curiosity, one outside the mix), then
 * the rest of the mix by weight as fall-backs when the first has nothing to do.
 */
export function moduleOrder(random: Random, mix: Record<string, number>, available: readonly string[]): string[] {
  const inMix = available.filter((module) => (mix[module] ?? 0) > 0);
  const outside = available.filter((module) => !inMix.includes(module));
  const pool = inMix.length > 0 ? inMix : available;
  const weights = pool.map((module) => [module, inMix.length > 0 ? mix[module] : 1] as const);
  const first = outside.length > 0 && random.chance(EXPLORE_CHANCE) ? random.pick(outside) : random.weighted(weights);
  const rest = [...pool].filter((module) => module !== first).sort((a, b) => (mix[b] ?? 0) - (mix[a] ?? 0) || a.localeCompare(b));
  return [first, ...rest];
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
      idFor: (field) => {
        const ids = pool.candidates(module, field, tool.name);
        return ids.length > 0 ? random.pick(ids) : undefined;
      },
    });

  const lists = tools.filter(isListLike);
  if (!state.listedModules.has(module) && lists.length > 0 && random.chance(LIST_FIRST_CHANCE)) {
    const tool = random.weighted(lists.map((t) => [t, 1 / (1 + (state.calls.get(t.name) ?? 0))] as const));
    const args = argsFor(tool);
    if (args) return { tool, args };
  }

  const candidates: (readonly [PlannedCall, number])[] = [];
  for (const tool of tools) {
    const args = argsFor(tool);
    if (!args) continue;
    const base = tool.readOnly ? 1 : needsIds(tool) ? 3 : 2;
    candidates.push([{ tool, args }, base / (1 + 2 * (state.calls.get(tool.name) ?? 0))]);
  }
  return candidates.length > 0 ? random.weighted(candidates) : undefined;
}

/** Bookkeeping after a call. */
export function noteCall(state: DayState, module: string, tool: ListedTool): void {
  state.calls.set(tool.name, (state.calls.get(tool.name) ?? 0) + 1);
  if (isListLike(tool)) state.listedModules.add(module);
}
