import { createRegistry } from './registry';
import { spacesModule } from './modules/spaces';
import { todoModule } from './modules/todo/index';
import { notesModule } from './modules/notes';
import { habitsModule } from './modules/habits/index';
import { journalModule } from './modules/journal';
import { moodModule } from './modules/mood';
import { calendarModule } from './modules/calendar/index';
import { contactsModule } from './modules/contacts/index';

export { createRegistry } from './registry';
export type { ToolRegistry } from './registry';
export { defineTool, defineModule } from './tool';
export type { ToolDefinition, ToolContext, ToolPolicy, ModuleDefinition } from './tool';
export { inputJsonSchema, withoutFormatPatterns } from './json-schema';

/** The Mana app: every module, in the order agents see them. */
const manaModules = [todoModule, notesModule, habitsModule, journalModule, moodModule, calendarModule, contactsModule, spacesModule];

/** The registry of the Mana app, built once. */
export const manaRegistry = createRegistry(manaModules);
