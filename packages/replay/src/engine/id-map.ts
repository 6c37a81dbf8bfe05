/**
 * Ids across a replayed persona's days: an id a recorded call got from a result
 * (a created todo, a contact) is replaced in later arguments by the id the
 * replayed call got at the same place. One map per recorded persona (its ids
 * live on from one day to the next); spaces of different personas share nothing.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a key that holds ids: `id`, `ids`, `*Id`, `*Ids`, `*_id`, `*_ids`. */
export function isIdKey(key: string): boolean {
  return /^ids?$/i.test(key) || /[a-z0-9]Ids?$/.test(key) || /_ids?$/i.test(key);
}

/** True for a value that is an id: a string under an id key, or any UUID-shaped string. */
export function isIdValue(key: string | undefined, value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 200 && ((key !== undefined && isIdKey(key)) || UUID.test(value));
}

/** An argument value that could not be remapped: where it is and why. */
export interface Unmapped {
  path: string;
  value: string;
  reason: string;
}

export interface IdMap {
  /** Learns old ↦ new from a recorded result and the replayed result of the same call (same path, same place). */
  learn(recorded: unknown, replayed: unknown): number;
  /** Notes the ids of a recorded result whose replay gave none (the call failed or was not sent): later uses are unreplayable. */
  remember(recorded: unknown): void;
  /** Notes that a recorded result of this persona was cut: an unknown id may have come from its missing part. */
  noteCut(): void;
  /** The arguments with every known recorded id replaced; `unmapped` lists recorded ids without a replayed one. */
  remap(args: unknown): { args: unknown; unmapped: Unmapped[]; remapped: number };
  /** How many ids are mapped (tests, progress). */
  size(): number;
  /** The replayed id of a recorded one, if any. */
  get(old: string): string | undefined;
}

export function createIdMap(): IdMap {
  const mapped = new Map<string, string>();
  const seen = new Set<string>();
  let cutSeen = false;

  const walk = (recorded: unknown, replayed: unknown, key: string | undefined): number => {
    if (isIdValue(key, recorded)) {
      seen.add(recorded);
      if (typeof replayed === 'string' && !mapped.has(recorded)) {
        mapped.set(recorded, replayed);
        return 1;
      }
      return 0;
    }
    let learned = 0;
    if (Array.isArray(recorded)) {
      recorded.forEach((item, i) => {
        learned += walk(item, Array.isArray(replayed) ? replayed[i] : undefined, key);
      });
    } else if (recorded !== null && typeof recorded === 'object') {
      const other = replayed !== null && typeof replayed === 'object' && !Array.isArray(replayed) ? (replayed as Record<string, unknown>) : {};
      for (const [k, v] of Object.entries(recorded)) learned += walk(v, other[k], k);
    }
    return learned;
  };

  const substitute = (value: unknown, key: string | undefined, path: string, unmapped: Unmapped[], count: { n: number }): unknown => {
    if (isIdValue(key, value)) {
      const replacement = mapped.get(value);
      if (replacement !== undefined) {
        if (replacement !== value) count.n++;
        return replacement;
      }
      if (seen.has(value)) unmapped.push({ path, value, reason: 'a recorded result held it, but its replayed call gave no id there' });
      else if (cutSeen && UUID.test(value)) unmapped.push({ path, value, reason: 'not in any readable recorded result (an earlier result was cut at 2,000 characters)' });
      return value;
    }
    if (Array.isArray(value)) return value.map((item, i) => substitute(item, key, `${path}[${i}]`, unmapped, count));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, k, path ? `${path}.${k}` : k, unmapped, count)]));
    }
    return value;
  };

  return {
    learn: (recorded, replayed) => walk(recorded, replayed, undefined),
    remember(recorded) {
      walk(recorded, undefined, undefined);
    },
    noteCut() {
      cutSeen = true;
    },
    remap(args) {
      const unmapped: Unmapped[] = [];
      const count = { n: 0 };
      const out = substitute(args, undefined, '', unmapped, count);
      return { args: out, unmapped, remapped: count.n };
    },
    size: () => mapped.size,
    get: (old) => mapped.get(old),
  };
}
