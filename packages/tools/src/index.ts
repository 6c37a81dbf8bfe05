import { createRegistry } from './registry';
import { spacesModule } from './modules/spaces';

export { createRegistry, TOOL_NAME_PATTERN } from './registry';
export type { ToolRegistry } from './registry';
export { defineTool, defineModule } from './tool';
export type { ToolDefinition, ToolContext, ToolPolicy, ModuleDefinition } from './tool';

/** The Mana app: every module, in the order agents see them. */
export const manaModules = [spacesModule];

/** The registry of the Mana app, built once. */
export const manaRegistry = createRegistry(manaModules);
