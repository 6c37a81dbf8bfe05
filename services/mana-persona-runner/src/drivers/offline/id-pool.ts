const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `todos` -> `todo`, `entries` -> `entry`, `habit` -> `habit`. */
function singular(key: string): string {
  if (key.endsWith('ies')) return `${key.slice(0, -3)}y`;
  if (key.endsWith('ses')) return key.slice(0, -2);
  if (key.endsWith('s') && !key.endsWith('ss')) return key.slice(0, -1);
  return key;
}

/** `completed` -> `complete`, `archived` -> `archive`, `checkedIn` -> `checkedin`. */
function stem(word: string): string {
  const lower = word.toLowerCase();
  return lower.endsWith('ed') ? lower.slice(0, -1) : lower;
}

/** Timestamps every item has; they say nothing about its state. */
const BOOKKEEPING = new Set(['createdAt', 'updatedAt', 'deletedAt']);

/**
 * True when the item already shows what `tool` would do to it: `todo_reopen`
 * on an item whose status is `open`, `habits_archive` on one with
 * `archived: true`, `todo_complete` on one with a `completedAt`, anything but
 * (un)archiving on an archived item. A person looking at the list would not
 * do that.
 */
function alreadyDone(tool: string, item: Record<string, unknown> | undefined): boolean {
  if (!item) return false;
  const name = tool.toLowerCase();
  // Archived items are left alone, except by the tools that archive or restore them.
  if ((item.archived === true || item.status === 'archived') && !/archive|restore/.test(name)) return true;
  for (const [key, value] of Object.entries(item)) {
    if ((key === 'status' || key === 'state') && typeof value === 'string' && value.length >= 3 && name.includes(value.toLowerCase())) return true;
    if (value === true && key.length >= 4 && name.includes(stem(key))) return true;
    if (key.endsWith('At') && !BOOKKEEPING.has(key) && typeof value === 'string' && name.includes(stem(key.slice(0, -2)))) return true;
  }
  return false;
}

/**
 * Ids the offline persona has seen in results, per module and entity, in the
 * order it first saw them (so the same results give the same choices), with
 * the item as last seen. An object's `id` belongs to the entity named by the
 * key it sits under (`todos: [...]` -> todo); `<entity>Id` members name theirs.
 */
export class IdPool {
  private readonly byModule = new Map<string, Map<string, string[]>>();
  private readonly items = new Map<string, Record<string, unknown>>();
  /** (tool, id) pairs that failed today: not tried again. */
  private readonly failed = new Set<string>();

  /** Records every id found in one result of `module`. */
  harvest(module: string, value: unknown, entity = ''): void {
    if (Array.isArray(value)) {
      for (const item of value) this.harvest(module, item, entity);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (typeof record.id === 'string' && UUID.test(record.id)) this.items.set(record.id, record);
    for (const [key, member] of Object.entries(record)) {
      if (key === 'id' && typeof member === 'string' && UUID.test(member)) this.add(module, entity, member);
      else if (key.length > 2 && key.endsWith('Id') && typeof member === 'string' && UUID.test(member)) this.add(module, key.slice(0, -2).toLowerCase(), member);
      else if (member && typeof member === 'object') this.harvest(module, member, singular(key).toLowerCase());
    }
  }

  private add(module: string, entity: string, id: string): void {
    let entities = this.byModule.get(module);
    if (!entities) {
      entities = new Map();
      this.byModule.set(module, entities);
    }
    const ids = entities.get(entity) ?? [];
    if (!ids.includes(id)) ids.push(id);
    entities.set(entity, ids);
  }

  /**
   * Candidate ids for field `<entity>Id` of `tool` in `module`: ids of that
   * entity from this module, else from any module (a calendar event's
   * `contactId`), else - for a required field only - any id of the module.
   * Ids the tool failed on today, or whose item already shows the tool's
   * effect, are left out.
   */
  candidates(module: string, field: string, tool: string, required = true): string[] {
    const entity = field.replace(/Id$/, '').toLowerCase();
    const own = this.byModule.get(module);
    let ids = own?.get(entity) ?? [];
    if (ids.length === 0) ids = [...this.byModule.values()].flatMap((entities) => entities.get(entity) ?? []);
    if (ids.length === 0 && required && own) ids = [...own.values()].flat();
    return ids.filter((id) => !this.failed.has(`${tool}:${id}`) && !alreadyDone(tool, this.items.get(id)));
  }

  /** Remembers that `tool` failed on `id`, so the persona does not repeat the same mistake today. */
  markFailed(tool: string, input: Record<string, unknown>): void {
    for (const [key, value] of Object.entries(input)) if (key.endsWith('Id') && typeof value === 'string') this.failed.add(`${tool}:${value}`);
  }
}
