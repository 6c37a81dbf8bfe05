import fc from 'fast-check';

/**
 * fast-check arbitraries the fuzz tests of every service share (issue 10 §2.4):
 * strings that hurt, JSON values built from them, a valid body with a few fields
 * changed, raw body texts (mutated JSON, any JSON, not JSON at all), and header
 * values (printable ASCII only: fetch refuses anything else before sending).
 */

/** NUL, lone surrogates, huge numbers as text, SQL and path tricks, plus anything. */
export const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('\u0000', '\ud800', 'a\udc00', "'; drop table users; --", '../../etc/passwd', '%00', '💥'.repeat(50), 'x'.repeat(5000), '1e309', '-0', '__proto__'),
);

export const nastyValue = fc.oneof(nastyString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(nastyString, { maxLength: 3 }), fc.dictionary(nastyString, nastyString, { maxKeys: 3 }));

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
