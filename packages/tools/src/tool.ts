import type { z } from 'zod';
import type { Db } from '@mana/db';
import type { Logger } from '@mana/core';

/** What a tool may do: `destructive` tools are never exposed over MCP. */
export type ToolPolicy = 'read' | 'write' | 'destructive';

/** Who is calling and where: every handler works only inside `spaceId`. */
export interface ToolContext {
  userId: string;
  spaceId: string;
  db: Db;
  log: Logger;
  /** The clock; injectable so date-relative tools are testable. */
  now: () => Date;
  /** The caller's IANA time zone (`Europe/Berlin`, `UTC`): decides which date is "today". */
  timeZone: string;
}

/**
 * One tool of the app, defined once as data. Handlers throw `AppError`
 * (NOT_FOUND, VALIDATION, CONFLICT, ...) for anything a user could cause; the
 * MCP adapter turns those into tool errors the model can read.
 */
export interface ToolDefinition<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
  /** `^[a-zA-Z0-9_-]{1,64}$`, conventionally `<module>_<verb>` (LLM APIs reject dots). */
  name: string;
  /** Id of the module this tool belongs to; set by `defineModule`. */
  module: string;
  title: string;
  /** Written for an LLM user: what it does, when to use it, what it returns. */
  description: string;
  input: I;
  output: O;
  policy: ToolPolicy;
  /** Costly tools: at most this many calls per space and day (enforced by the MCP policy gate). */
  dailyBudget?: number;
  handler: (input: z.output<I>, ctx: ToolContext) => Promise<z.input<O>>;
}

/** Identity helper that keeps the input/output types of one tool linked. */
export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(tool: Omit<ToolDefinition<I, O>, 'module'>): Omit<ToolDefinition<I, O>, 'module'> {
  return tool;
}

/** One module of the app (todo, notes, ...) and its tools. */
export interface ModuleDefinition {
  /** Lowercase id (`todo`, `notes`), used in module mixes and ratings. */
  id: string;
  title: string;
  description: string;
  tools: ToolDefinition[];
}

/** Builds a module and stamps its id on every tool. */
export function defineModule(module: {
  id: string;
  title: string;
  description: string;
  // biome-ignore lint/suspicious/noExplicitAny: tools of different schemas live in one list
  tools: Omit<ToolDefinition<any, any>, 'module'>[];
}): ModuleDefinition {
  return { ...module, tools: module.tools.map((tool) => ({ ...tool, module: module.id }) as ToolDefinition) };
}
