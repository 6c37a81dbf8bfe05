import type { ActionResult, ReplayDifferenceKind } from '@mana/contracts';
import { isIdKey } from './id-map';

/** The latency threshold: a call is slower when its handler time grew by both `ratio` (0.5 = +50 %) and `minMs`. */
export interface LatencyThreshold {
  ratio: number;
  minMs: number;
}

/** One side of a call as the comparison needs it. */
export interface ComparedSide {
  result: ActionResult;
  /** The structured result (ok), as far as it could be read for a recorded one. */
  value?: unknown;
  /** The error text (error). */
  error?: string;
  handlerMs?: number;
  /** The recorded result was cut: only what it shows is compared (keys it has must still be there). */
  cut?: boolean;
}

/** One finding of the comparison: its kind and what differs, in words. */
export interface CallFinding {
  kind: Extract<ReplayDifferenceKind, 'ok→error' | 'error→ok' | 'shape' | 'empty' | 'latency'>;
  detail: string;
}

/**
 * Compares a replayed call with its recording: the outcome, the error's text
 * class, the result's shape (key structure, ids ignored), lists empty or not,
 * and the app's own time. An error class that changed is a `shape` difference
 * (the error is the result the caller reads). Empty when nothing differs.
 */
export function compareCall(recorded: ComparedSide, replayed: ComparedSide, latency: LatencyThreshold): CallFinding[] {
  if (recorded.result === 'ok' && replayed.result === 'error') return [{ kind: 'ok→error', detail: `now fails: ${clip(replayed.error ?? 'error')}` }];
  if (recorded.result === 'error' && replayed.result === 'ok') return [{ kind: 'error→ok', detail: `used to fail (${clip(recorded.error ?? 'error')}), now succeeds` }];
  const findings: CallFinding[] = [];
  if (recorded.result === 'error') {
    const before = errorClass(recorded.error ?? '');
    const after = errorClass(replayed.error ?? '');
    if (before !== after) findings.push({ kind: 'shape', detail: `the error changed: "${clip(recorded.error ?? '')}" → "${clip(replayed.error ?? '')}"` });
  } else if (recorded.value !== undefined) {
    const shape = shapeDifference(recorded.value, replayed.value, recorded.cut === true);
    if (shape) findings.push({ kind: 'shape', detail: shape });
    const empty = emptinessDifference(recorded.value, replayed.value, recorded.cut === true);
    if (empty) findings.push({ kind: 'empty', detail: empty });
  }
  const slower = latencyDifference(recorded.handlerMs, replayed.handlerMs, latency);
  if (slower) findings.push({ kind: 'latency', detail: slower });
  return findings;
}

/** An error text with what varies between runs taken out: quoted values, ids, numbers, case and spacing. */
export function errorClass(text: string): string {
  return text
    .toLowerCase()
    .replace(/"[^"]*"|'[^']*'|«[^»]*»|“[^”]*”|`[^`]*`/g, 'Q')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID')
    .replace(/\d+(?:[.,]\d+)?/g, 'N')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The key structure of a value: `object` keys with their structures, lists by the merged structure of their items, scalars by type (null fits any). */
type Shape = { t: 'object'; keys: Map<string, Shape> } | { t: 'array'; item?: Shape } | { t: 'string' | 'number' | 'boolean' | 'null' | 'any' };

/** Keys that are themselves ids (a map keyed by id) stand as one `<id>` key. */
const ID_LIKE_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function shapeOf(value: unknown): Shape {
  if (Array.isArray(value)) return { t: 'array', item: value.reduce<Shape | undefined>((merged, item) => merge(merged, shapeOf(item)), undefined) };
  if (value === null) return { t: 'null' };
  if (typeof value === 'object') {
    const keys = new Map<string, Shape>();
    for (const [key, inner] of Object.entries(value)) {
      const name = ID_LIKE_KEY.test(key) ? '<id>' : key;
      keys.set(name, merge(keys.get(name), shapeOf(inner)));
    }
    return { t: 'object', keys };
  }
  const t = typeof value;
  return { t: t === 'string' || t === 'number' || t === 'boolean' ? t : 'any' };
}

function merge(a: Shape | undefined, b: Shape): Shape {
  if (!a || a.t === 'null') return b;
  if (b.t === 'null') return a;
  if (a.t === 'object' && b.t === 'object') {
    const keys = new Map(a.keys);
    for (const [key, inner] of b.keys) keys.set(key, merge(keys.get(key), inner));
    return { t: 'object', keys };
  }
  if (a.t === 'array' && b.t === 'array') return { t: 'array', item: b.item ? merge(a.item, b.item) : a.item };
  return a.t === b.t ? a : { t: 'any' };
}

/**
 * Where the replayed structure differs from the recorded one, in words; null when
 * alike. A whole recording must match key for key; a cut one only needs its keys
 * to be there still. Values under id keys are ids whatever their form.
 */
export function shapeDifference(recorded: unknown, replayed: unknown, cut: boolean): string | null {
  return diffShapes(shapeOf(recorded), shapeOf(replayed), 'result', cut);
}

function diffShapes(a: Shape, b: Shape, path: string, cut: boolean, key?: string): string | null {
  if (a.t === 'null' || b.t === 'null' || a.t === 'any' || b.t === 'any') return null;
  if (key !== undefined && isIdKey(key) && a.t !== 'object' && a.t !== 'array' && b.t !== 'object' && b.t !== 'array') return null;
  if (a.t !== b.t) return `${path}: was ${a.t}, now ${b.t}`;
  if (a.t === 'array' && b.t === 'array') return a.item && b.item ? diffShapes(a.item, b.item, `${path}[]`, cut, key) : null;
  if (a.t === 'object' && b.t === 'object') {
    const gone = [...a.keys.keys()].filter((k) => !b.keys.has(k));
    if (gone.length) return `${path}: ${gone.map((k) => `"${k}"`).join(', ')} no longer there`;
    const added = cut ? [] : [...b.keys.keys()].filter((k) => !a.keys.has(k));
    if (added.length) return `${path}: new ${added.map((k) => `"${k}"`).join(', ')}`;
    for (const [k, inner] of a.keys) {
      const found = diffShapes(inner, b.keys.get(k)!, `${path}.${k}`, cut, k);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Lists of the result (at the top level and one level down) that went empty or
 * filled; null when alike. In a cut recording an empty list may be one the cut
 * went through, so only lists that had items count there.
 */
export function emptinessDifference(recorded: unknown, replayed: unknown, cut = false): string | null {
  const lists = (value: unknown, path: string, depth: number, out: Map<string, boolean>): Map<string, boolean> => {
    if (Array.isArray(value)) out.set(path, value.length === 0);
    else if (value !== null && typeof value === 'object' && depth < 2) for (const [k, v] of Object.entries(value)) lists(v, `${path}.${k}`, depth + 1, out);
    return out;
  };
  const before = lists(recorded, 'result', 0, new Map());
  const after = lists(replayed, 'result', 0, new Map());
  for (const [path, wasEmpty] of before) {
    const isEmpty = after.get(path);
    if (isEmpty === undefined || isEmpty === wasEmpty || (cut && wasEmpty)) continue;
    return `${path}: ${wasEmpty ? 'was empty, now has items' : 'had items, now empty'}`;
  }
  return null;
}

/** Slower beyond the threshold (both ratio and absolute growth); null otherwise or when either time is unknown. */
export function latencyDifference(recordedMs: number | undefined, replayedMs: number | undefined, threshold: LatencyThreshold): string | null {
  if (recordedMs === undefined || replayedMs === undefined) return null;
  const grew = replayedMs - recordedMs;
  if (grew < threshold.minMs || replayedMs < recordedMs * (1 + threshold.ratio)) return null;
  return `handler time ${fmt(recordedMs)} ms → ${fmt(replayedMs)} ms (+${fmt(grew)} ms)`;
}

function fmt(ms: number): string {
  return ms >= 10 ? String(Math.round(ms)) : ms.toFixed(1);
}

function clip(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
