import fc from 'fast-check';

/**
 * fast-check arbitraries the fuzz tests of every service share (issue 10 §2.4):
 * strings that hurt, JSON values built from them, a valid body with a few fields
 * changed, raw body texts (mutated JSON, any JSON, not JSON at all), and header
 * values (printable ASCII only: fetch refuses anything else before sending).
 */

/** Emoji text cut at every length near the limits the system cuts at (64, 200, 2,000, 4,000, 8,000 units): half an emoji at the end of odd lengths. */
export const emojiCut = fc.constantFrom(63, 64, 199, 200, 1_999, 2_000, 3_999, 4_001, 7_999, 8_001).map((n) => '😀'.repeat(4_001).slice(0, n));

/** NUL, lone surrogates, emoji cut in half, huge numbers as text, SQL and path tricks, plus anything. */
export const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  emojiCut,
  fc.constantFrom(
    '\u0000',
    '\ud800',
    'a\udc00',
    '😀\u0000\ud83d',
    "'; drop table users; --",
    '../../etc/passwd',
    '%00',
    '💥'.repeat(50),
    'x'.repeat(5000),
    '1e309',
    '-0',
    '__proto__',
  ),
);

/** Arrays or objects nested `depth` levels around a nasty string (JSON.stringify still manages 1,000 levels). */
export const deepValue = fc.tuple(fc.integer({ min: 30, max: 1_000 }), fc.boolean(), nastyString).map(([depth, asArray, leaf]) => {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
});

export const nastyValue = fc.oneof(
  nastyString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nastyString, { maxLength: 3 }),
  fc.dictionary(nastyString, nastyString, { maxKeys: 3 }),
  deepValue,
);

/** The paths of every string in a JSON value (`['actions', 0, 'callId']`), for replacing one leaf at any depth. */
export function stringPaths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [at];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringPaths(item, [...at, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => stringPaths(item, [...at, key]));
  return [];
}

/** A copy of `valid` with the string at `path` replaced by `replacement`. */
function withLeaf(valid: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(valid) ? [...valid] : { ...(valid as Record<string, unknown>) }) as Record<string | number, unknown>;
  copy[head!] = withLeaf(copy[head!], rest, replacement);
  return copy;
}

/** A valid body with ONE of its strings, at any depth (an action's callId, a record entry's text), replaced by a nasty string or a deep value. */
export function leafMutatedBody(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const paths = stringPaths(valid);
  return fc
    .tuple(fc.constantFrom(...paths), fc.oneof({ weight: 4, arbitrary: nastyString }, { weight: 1, arbitrary: deepValue }))
    .map(([path, replacement]) => withLeaf(valid, path, replacement));
}

/** JSON text of `valid` with one string, at any depth, replaced by 10,000 levels of nesting (more than JSON.stringify can write). */
export function tooDeepBody(valid: Record<string, unknown>): fc.Arbitrary<string> {
  const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
  return fc.constantFrom(...stringPaths(valid)).map((path) => JSON.stringify(withLeaf(valid, path, '\u0001DEEP\u0001')).replace('"\\u0001DEEP\\u0001"', deep));
}

/** A valid body with one to three fields replaced, dropped or added. */
export function mutatedBody(valid: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(valid);
  const edit = fc.record({ key: fc.oneof(fc.constantFrom(...keys), nastyString), value: fc.option(nastyValue, { nil: undefined }) });
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    const body: Record<string, unknown> = { ...valid };
    for (const e of edits) {
      if (e.value === undefined) delete body[e.key];
      else body[e.key] = e.value;
    }
    return body;
  });
}

/** The raw body text: mutated JSON, arbitrary JSON, or not JSON at all. */
export const bodyText = (valid: Record<string, unknown>) =>
  fc.oneof(
    { weight: 5, arbitrary: mutatedBody(valid).map((b) => JSON.stringify(b)) },
    { weight: 5, arbitrary: leafMutatedBody(valid).map((b) => JSON.stringify(b)) },
    { weight: 1, arbitrary: tooDeepBody(valid) },
    { weight: 2, arbitrary: fc.json() },
    { weight: 1, arbitrary: fc.string({ unit: 'binary' }) },
    { weight: 1, arbitrary: fc.constantFrom('', '{', 'null', '[]', '{"__proto__":{"x":1}}', `{"a":${'['.repeat(5000)}`) },
  );

export const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', undefined);

/** A header value fetch will send: printable ASCII, sometimes long. */
export const headerValue = fc.oneof(fc.stringMatching(/^[\x20-\x7e]{0,120}$/), fc.constantFrom('', ' ', 'x'.repeat(8000), 'Bearer', 'Bearer ', 'null', 'undefined'));

/** A string as a path segment; a lone surrogate (which `encodeURIComponent` refuses) is sent as its raw bytes. */
export function encodeSegment(s: string): string {
  try {
    return encodeURIComponent(s).slice(0, 400) || 'x';
  } catch {
    return '%ED%A0%80';
  }
}
