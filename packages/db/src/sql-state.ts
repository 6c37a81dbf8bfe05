/**
 * The SQLSTATE of a failed statement (`23505`, `22P05`, …), read from the
 * error or the errors it wraps (drizzle puts the driver's error in `cause`);
 * node-postgres and PGlite both name it `code`. Undefined for other errors.
 */
export function sqlStateOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * True when PostgreSQL refused a value itself rather than the statement: a
 * data exception (class 22: untranslatable character, invalid JSON text,
 * numeric overflow, …) or a program limit (class 54: nesting too deep).
 */
export function isValueRefused(error: unknown): boolean {
  const state = sqlStateOf(error);
  return state !== undefined && (state.startsWith('22') || state.startsWith('54'));
}
