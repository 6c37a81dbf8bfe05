const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `todos` -> `todo`, `entries` -> `entry`, `habit` -> `habit`. */
function singular(key: string): string {
  if (key.endsWith('ies')) return `${key.slice(0, -3)}y`;
  if (key.endsWith('ses')) return key.slice(0, -2);
  if (key.endsWith('s') && !key.endsWith('ss')) return key.slice(0, -1);
  return key;
}

/**
 * Ids the offline persona has seen in results, per module and entity, in the
 * order it first saw them (so the same results give the same choices). An
 * object's `id` belongs to the entity named by the key it sits under
 * (`todos: [...]` -> todo); `<entity>Id` members name theirs.
 */
export class IdPool {
  private readonly byModule = new Map<string, Map<string, string[]>>();
  /** (tool, id) pairs that failed today: not tried again. */
  private readonly failed = new Set<string>();

  /** Records every id found in one result of `module`. */
  harvest(module: string, value: unknown, entity = ''): void {
    if (Array.isArray(value)) {
      for (const item of value) this.harvest(module, item, entity);
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [key, member] of Object.entries(value)) {
      if (key === 'id' && typeof member === 'string' && UUID.test(member)) this.add(module, entity, member);
      else if (key.length > 2 && key.endsWith('Id') && typeof member === 'string' && UUID.test(member)) this.add(module, key.slice(0, -2).toLowerCase(), member);
      else if (member && typeof member === 'object') this.harvest(module, member, singular(key).toLowerCase());
    }
  }

  private add(module: string, entity: string, id: string): void {
    let entities = this.byModule.get(module);
    if (!entities) this.byModule.set(module, (entities = new Map()));
    const ids = entities.get(entity) ?? [];
    if (!ids.includes(id)) ids.push(id);
    entities.set(entity, ids);
  }

  /** Candidate ids for field `<entity>Id` of a tool in `module`: the entity's own first, else any of the module. */
  candidates(module: string, field: string, tool: string): string[] {
    const entities = this.byModule.get(module);
    if (!entities) return [];
    const entity = field.replace(/Id$/, '').toLowerCase();
    const own = entities.get(entity);
    const all = own?.length ? own : [...entities.values()].flat();
    return all.filter((id) => !this.failed.has(`${tool}:${id}`));
  }

  /** Remembers that `tool` failed on `id`, so the persona does not repeat the same mistake today. */
  markFailed(tool: string, input: Record<string, unknown>): void {
    for (const [key, value] of Object.entries(input)) if (key.endsWith('Id') && typeof value === 'string') this.failed.add(`${tool}:${value}`);
  }
}
