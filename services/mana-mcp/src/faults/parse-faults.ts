/** What a fault does to one tool: fail with a probability, add latency, or empty the result. */
export type FaultKind = 'error' | 'latency' | 'empty';

/** One parsed `MCP_FAULTS` entry, e.g. `todo_complete:error=0.5`. */
export interface FaultSpec {
  tool: string;
  kind: FaultKind;
  /** Probability 0..1 for `error` and `empty`; milliseconds for `latency`. */
  value: number;
}

const ENTRY = /^([a-zA-Z0-9_-]{1,64}):(error|latency|empty)=([0-9]+(?:\.[0-9]+)?)$/;
const MAX_LATENCY_MS = 60_000;

/**
 * Parses `MCP_FAULTS` ("todo_complete:error=0.5,notes_search:latency=2000,habits_list:empty=1").
 * Empty or unset means no faults. A bad entry throws an error that quotes it, so a
 * drill that is mistyped fails loudly at start-up instead of silently doing nothing.
 */
export function parseFaults(text: string | undefined): FaultSpec[] {
  if (!text?.trim()) return [];
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map(parseEntry);
}

function parseEntry(entry: string): FaultSpec {
  const match = ENTRY.exec(entry);
  if (!match) {
    throw new Error(`MCP_FAULTS entry "${entry}" is invalid: expected <tool>:<error|latency|empty>=<number>`);
  }
  const [, tool, kind, raw] = match as unknown as [string, string, FaultKind, string];
  const value = Number(raw);
  if (kind === 'latency') {
    if (!Number.isInteger(value) || value > MAX_LATENCY_MS) {
      throw new Error(`MCP_FAULTS entry "${entry}" is invalid: latency must be whole milliseconds between 0 and ${MAX_LATENCY_MS}`);
    }
  } else if (value > 1) {
    throw new Error(`MCP_FAULTS entry "${entry}" is invalid: ${kind} is a probability between 0 and 1`);
  }
  return { tool, kind, value };
}
