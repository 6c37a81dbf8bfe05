import type { ReportComplaint } from '@mana/contracts';
import type { ComplaintNote } from './queries';

/** Two notes whose word sets overlap at least this much (Jaccard) say the same thing. */
export const SAME_COMPLAINT_SIMILARITY = 0.6;

/** Groups shown per module. */
export const COMPLAINTS_PER_MODULE = 5;

/**
 * Words of a note with case, punctuation and numbers folded ("failed 3 times"
 * and "Failed 12 times." are the same words), so counts and ids do not split a complaint.
 */
export function complaintTokens(notes: string): Set<string> {
  const words = notes
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[0-9]+([.,][0-9]+)?/g, ' # ')
    .split(/[^\p{L}\p{N}#_]+/u)
    .filter((w) => w.length > 0);
  return new Set(words);
}

/** Jaccard similarity of two word sets (1 for two empty sets). */
export function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / (a.size + b.size - shared);
}

interface Group {
  module: string;
  tokens: Set<string>;
  wordings: { text: string; count: number }[];
  count: number;
  ratingSum: number;
}

/**
 * The most frequent complaints per module: notes (of ratings 1-2) are taken
 * most frequent first and each joins the first group of its module whose
 * leading wording shares at least 60 % of its words, else starts one.
 */
export function groupComplaints(notes: readonly ComplaintNote[]): ReportComplaint[] {
  const groups = new Map<string, Group[]>();
  const ordered = [...notes].sort((a, b) => b.count - a.count || a.notes.localeCompare(b.notes));
  for (const note of ordered) {
    const tokens = complaintTokens(note.notes);
    const list = groups.get(note.module) ?? [];
    const group = list.find((g) => similarity(g.tokens, tokens) >= SAME_COMPLAINT_SIMILARITY);
    if (group) {
      group.wordings.push({ text: note.notes, count: note.count });
      group.count += note.count;
      group.ratingSum += note.ratingSum;
    } else {
      list.push({ module: note.module, tokens, wordings: [{ text: note.notes, count: note.count }], count: note.count, ratingSum: note.ratingSum });
    }
    groups.set(note.module, list);
  }
  return [...groups.values()]
    .flatMap((list) => [...list].sort((a, b) => b.count - a.count).slice(0, COMPLAINTS_PER_MODULE))
    .sort((a, b) => b.count - a.count || a.module.localeCompare(b.module))
    .map((g) => ({
      module: g.module,
      text: g.wordings[0]!.text,
      count: g.count,
      avgRating: Math.round((g.ratingSum / g.count) * 100) / 100,
      variants: g.wordings.slice(1, 4).map((w) => w.text),
    }));
}
