/** One suspicious pattern found in a tool input. */
export interface InjectionFlag {
  /** Dotted path of the argument, e.g. `body` or `items.0.text`. */
  path: string;
  pattern: string;
}

/** Text shorter than this is not scanned: the patterns target prose, not ids or titles. */
export const INJECTION_MIN_LENGTH = 40;

/**
 * Phrases typical of prompt injection aimed at an agent that later reads this
 * text back (notes, journal entries, contact notes). Flagged, never blocked:
 * a user may legitimately write about prompts, so the gate only makes it visible.
 */
const PATTERNS: ReadonlyArray<{ id: string; regex: RegExp }> = [
  { id: 'ignore_instructions', regex: /\b(ignore|disregard|forget)\b.{0,40}\b(previous|prior|above|earlier|all)\b.{0,20}\b(instructions|prompts?|rules)\b/i },
  { id: 'system_prompt', regex: /\b(system prompt|developer message|hidden instructions)\b/i },
  { id: 'role_override', regex: /\byou are now\b|\bact as (an? )?(admin|administrator|system|root|developer)\b|\bdeveloper mode\b|\bjailbreak\b/i },
  { id: 'chat_markup', regex: /<\|im_start\|>|<\|system\|>|\[\/?INST\]|<\/?system>|^\s*(system|assistant)\s*:/im },
  { id: 'tool_hijack', regex: /\b(call|invoke|run|use) the \w+ tool\b.{0,60}\b(delete|every|all|secret|password|token)\b/i },
  { id: 'exfiltration', regex: /\b(send|post|forward|leak|exfiltrate)\b.{0,40}\b(api key|password|token|credentials|secrets?)\b/i },
];

/** Scans every string in a tool's arguments (nested objects and arrays too). */
export function detectInjection(args: unknown): InjectionFlag[] {
  const flags: InjectionFlag[] = [];
  const visit = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      if (value.length < INJECTION_MIN_LENGTH) return;
      for (const { id, regex } of PATTERNS) if (regex.test(value)) flags.push({ path, pattern: id });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, path ? `${path}.${index}` : String(index)));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) visit(inner, path ? `${path}.${key}` : key);
    }
  };
  visit(args, '');
  return flags;
}
