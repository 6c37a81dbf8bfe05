import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capRecord } from './cap-record';
import { cutText, isStorableText, NESTED_TOO_DEEP, storableText, toStorableJson, toStorableText } from './text';
import { rawDayRecord, RECORD_TEST_AT } from './testing/day-record';
import { tickRecord } from './tick-record';

/** A value nested `depth` arrays deep around `inner`. */
function nested(depth: number, inner: unknown = 'x'): unknown {
  let value = inner;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/**
 * Regression (issue 24 §1): the runner cut a tool output at 1,999 UTF-16 units;
 * a cut inside an emoji left a lone surrogate, PostgreSQL refused the record's
 * JSON and the completion (actions and ratings with it) answered 500 forever.
 */
describe('cutText', () => {
  it('never cuts an emoji in half (the 😀 × 3000 tool output)', () => {
    const notes = '😀'.repeat(3000);
    for (const max of [1999, 2000, 2001, 2, 1]) {
      const cut = cutText(notes, max);
      expect(isStorableText(cut), `max ${max}`).toBe(true);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut.endsWith('…')).toBe(true);
    }
    // The old cut (slice to max - 1) left half an emoji exactly here.
    expect(isStorableText(notes.slice(0, 1998))).toBe(true);
    expect(isStorableText(notes.slice(0, 1999))).toBe(false);
  });

  it('is storable, within max and a prefix of the storable text, for any string and any max', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.integer({ min: 1, max: 320 }), (text, max) => {
        const cut = cutText(text, max);
        expect(isStorableText(cut)).toBe(true);
        expect(cut.length).toBeLessThanOrEqual(max);
        const whole = toStorableText(text);
        if (whole.length <= max) expect(cut).toBe(whole);
        else expect(whole.startsWith(cut.slice(0, -1))).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('replaces lone surrogates with U+FFFD and removes NUL, keeping pairs and everything else', () => {
    expect(toStorableText('a\ud800b')).toBe('a\ufffdb');
    expect(toStorableText('\udfff\ud800')).toBe('\ufffd\ufffd');
    expect(toStorableText('x\u0000y\u0000')).toBe('xy');
    expect(toStorableText('😀 ok')).toBe('😀 ok');
    const same = 'plain text';
    expect(toStorableText(same)).toBe(same);
  });
});

describe('toStorableJson', () => {
  it('bounds nesting: 10,000 arrays deep becomes 32 levels and a marker, without a stack overflow', () => {
    const deep = nested(10_000);
    const clean = toStorableJson(deep);
    const text = JSON.stringify(clean);
    expect(text.startsWith('['.repeat(32))).toBe(true);
    expect(text).toContain(JSON.stringify(NESTED_TOO_DEEP));
    expect(text).not.toContain('['.repeat(33));
  });

  it('makes every key and string storable and leaves numbers, booleans and null alone', () => {
    expect(toStorableJson({ 'k\u0000': ['\ud800', 1, true, null, { n: 'a\u0000' }] })).toEqual({ k: ['\ufffd', 1, true, null, { n: 'a' }] });
  });
});

describe('storableText and the record contract', () => {
  it('stores free text instead of refusing it', () => {
    expect(storableText(5).parse('ab\u0000cdefgh')).toBe('abcd…');
  });

  it('a record with odd text and deep arguments parses into one PostgreSQL can store', () => {
    const at = RECORD_TEST_AT;
    const raw = rawDayRecord(
      [
        { type: 'message', at, kind: 'say', text: `${'😀'.repeat(5000)}\ud83d` },
        { type: 'call', at, callId: 'c1', toolName: 'todo_list', module: 'todo', arguments: nested(10_000, 'a\u0000'), result: 'ok', output: '😀'.repeat(3000) },
        { type: 'rating', at, answer: 'gut\u0000\udc00' },
      ],
      { model: 'm\u0000' },
    );
    const record = tickRecord.parse(raw);
    const text = JSON.stringify(record);
    expect(isStorableText(text)).toBe(true);
    expect(text).not.toMatch(/\\u0000|\\ud8|\\udc/i);
    expect(record.model).toBe('m');
    expect(record.entries[2]).toMatchObject({ answer: 'gut\ufffd' });
  });

  it('capRecord keeps the tail and marks the cut', () => {
    const at = '2026-12-01T10:00:00.000Z';
    const head = tickRecord.parse({ version: 1, driver: 'offline', model: '', termination: 'completed', startedAt: at, endedAt: at, truncated: false, entries: [] });
    const entries = Array.from({ length: 50 }, (_, i) => ({ type: 'message' as const, at, kind: 'say' as const, text: `${i} ${'x'.repeat(200)}` }));
    const capped = capRecord({ ...head, entries }, [{ type: 'rating', at, answer: 'fine' }], 2_000);
    expect(JSON.stringify(capped).length).toBeLessThanOrEqual(2_000);
    expect(capped.truncated).toBe(true);
    expect(capped.entries.at(-1)).toMatchObject({ type: 'rating' });
    expect(capped.entries.at(-2)).toMatchObject({ type: 'cut' });
  });
});
