import { createHash } from 'node:crypto';
import { isSecretKey, REDACTED } from './redact-secrets';

/** Keys pino writes itself: a field of the same name is renamed, never allowed to overwrite them. */
const RESERVED = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname']);
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const MAX_DEPTH = 4;

/** A stable short stand-in for an e-mail address: the same address always gives the same hash. */
export function emailHash(email: string): string {
  return `email:${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 12)}`;
}

/**
 * A failed statement's parameter values (drizzle's `Failed query: <sql>\nparams: <values>`): names,
 * e-mails, notes, tokens. The SQL stays; the values never reach a log line, also not with LOG_PII.
 */
const STATEMENT_PARAMS = /\nparams: [\s\S]*?(?=\n\s+at |$)/g;

export function withoutStatementParams(text: string): string {
  return text.includes('\nparams: ') ? text.replace(STATEMENT_PARAMS, '\nparams: [not logged]') : text;
}

/** Replaces every e-mail address in a text by its hash (and drops a failed statement's parameters). */
export function scrubText(text: string): string {
  const safe = withoutStatementParams(text);
  return safe.includes('@') ? safe.replace(EMAIL, emailHash) : safe;
}

/** An error as a log field: type, message and stack (plus its code and cause), e-mails hashed unless `pii`. */
function serializeError(error: Error, pii: boolean, depth = 0): Record<string, unknown> {
  const text = (value: string | undefined) => (value === undefined ? value : pii ? withoutStatementParams(value) : scrubText(value));
  const out: Record<string, unknown> = { type: error.name || error.constructor?.name || 'Error', message: text(error.message), stack: text(error.stack) };
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) out.code = code;
  if (error.cause instanceof Error && depth < 2) out.cause = serializeError(error.cause, pii, depth + 1);
  return out;
}

/**
 * Fields made safe for a log line: reserved keys renamed, errors serialised, the value of a secret key
 * (`isSecretKey`, shared with the records' `redactSecrets`; any letter case, at any depth) replaced by `[redacted]`, e-mails hashed unless `pii`.
 * This walk is the redaction: pino's own (`redact`, 64 paths) cost 31.9 µs of CPU per line, the whole line
 * now 2.7 µs (bench/log-line.ts), and a persona-tick writes a dozen access lines.
 */
export function scrubFields(fields: Record<string, unknown>, pii: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) out[RESERVED.has(key) ? `${key}_field` : key] = censored(key, value) ? REDACTED : scrubValue(value, pii, 0);
  return out;
}

/** The value under a key that names a secret (`isSecretKey`, the records' rule), unless it is a number or flag (token counts stay). */
function censored(key: string, value: unknown): boolean {
  return isSecretKey(key, value) && value !== null && value !== undefined && typeof value !== 'number' && typeof value !== 'boolean';
}

function scrubValue(value: unknown, pii: boolean, depth: number): unknown {
  if (typeof value === 'string') return pii ? withoutStatementParams(value) : scrubText(value);
  if (value instanceof Error) return serializeError(value, pii);
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, pii, depth + 1));
  // An object that serialises itself (Date, URL, Buffer) is written as it says; any other is written as its own fields.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = censored(key, inner) ? REDACTED : scrubValue(inner, pii, depth + 1);
  return out;
}
