/** A recorded result as far as it could be read. */
export interface ReadOutput {
  value: unknown;
  /** True when the recorded text was cut (at 2,000 characters): `value` holds what came before the cut. */
  cut: boolean;
}

const CUT_MARK = '…';

/**
 * Reads a recorded call's output: JSON as the runner recorded it, or, when the
 * day's record cut it at MAX_RECORD_TEXT_CHARS (it then ends in `…`), the part
 * before the cut: complete members and elements are kept, a member or scalar
 * the cut went through is dropped, open objects and lists are closed. Text that
 * is no JSON at all (a foreign server's prose) reads as undefined.
 */
export function readOutput(text: string | undefined): ReadOutput | undefined {
  if (text === undefined || text === '') return undefined;
  try {
    return { value: JSON.parse(text), cut: false };
  } catch {
    if (!text.endsWith(CUT_MARK)) return undefined;
  }
  const parser = new PrefixParser(text.slice(0, -CUT_MARK.length));
  const read = parser.value();
  return read.ok ? { value: read.value, cut: true } : undefined;
}

type Read = { ok: true; value: unknown; complete: boolean } | { ok: false };

/** A JSON parser that treats the end of its text as a cut, not an error. */
class PrefixParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  value(): Read {
    this.space();
    const c = this.text[this.pos];
    if (c === undefined) return { ok: false };
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    return this.scalar();
  }

  private object(): Read {
    this.pos++;
    const out: Record<string, unknown> = {};
    for (;;) {
      this.space();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return { ok: true, value: out, complete: true };
      }
      if (this.text[this.pos] === ',') this.pos++;
      this.space();
      const key = this.string();
      if (!key.ok || !key.complete) return { ok: true, value: out, complete: false };
      this.space();
      if (this.text[this.pos] !== ':') return { ok: true, value: out, complete: false };
      this.pos++;
      const member = this.value();
      if (!member.ok) return { ok: true, value: out, complete: false };
      if (member.complete || (member.value !== null && typeof member.value === 'object')) out[key.value as string] = member.value;
      if (!member.complete) return { ok: true, value: out, complete: false };
    }
  }

  private array(): Read {
    this.pos++;
    const out: unknown[] = [];
    for (;;) {
      this.space();
      if (this.text[this.pos] === ']') {
        this.pos++;
        return { ok: true, value: out, complete: true };
      }
      if (this.text[this.pos] === ',') this.pos++;
      const item = this.value();
      if (!item.ok) return { ok: true, value: out, complete: false };
      if (item.complete || (item.value !== null && typeof item.value === 'object')) out.push(item.value);
      if (!item.complete) return { ok: true, value: out, complete: false };
    }
  }

  private string(): Read {
    if (this.text[this.pos] !== '"') return { ok: false };
    let end = this.pos + 1;
    while (end < this.text.length && this.text[end] !== '"') end += this.text[end] === '\\' ? 2 : 1;
    if (end >= this.text.length) {
      this.pos = this.text.length;
      return { ok: true, value: undefined, complete: false };
    }
    const raw = this.text.slice(this.pos, end + 1);
    this.pos = end + 1;
    return { ok: true, value: JSON.parse(raw), complete: true };
  }

  private scalar(): Read {
    const match = /^(true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.pos));
    if (!match) return { ok: false };
    this.pos += match[0].length;
    // A number the cut went through (`12` of `125`) is not known: only one followed by more text is complete.
    if (this.pos >= this.text.length) return { ok: true, value: undefined, complete: false };
    return { ok: true, value: JSON.parse(match[0]), complete: true };
  }

  private space(): void {
    while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }
}
