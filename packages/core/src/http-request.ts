/**
 * The edge of an HTTP service: read a request with a contract (JSON body,
 * query, path parameter; every failure a `VALIDATION` error naming what is
 * wrong) and answer any thrown value as `{error: {code, message}}`.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, toErrorResponse } from './errors';
import { bodyText, jsonNestsDeeperThan, MAX_JSON_DEPTH } from './http-body';

/** Answers `{error: {code, message}}` for any thrown value (unknown errors never leak). */
export function errorResponse(c: Context, error: unknown): Response {
  const { status, body } = toErrorResponse(error);
  const retryAfter = (body.error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if ((status === 429 || status === 503) && typeof retryAfter === 'number') c.header('retry-after', String(retryAfter));
  return c.json(body, status as 400);
}

/**
 * Reads a JSON body and validates it with a contract schema. Malformed JSON,
 * JSON nested deeper than `MAX_JSON_DEPTH` and schema failures are
 * `VALIDATION` errors (400) naming what is wrong.
 */
export async function readJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = await bodyText(c);
  if (jsonNestsDeeperThan(text)) throw new AppError('VALIDATION', `Request body nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError('VALIDATION', 'Request body is not valid JSON');
  }
  return parseOrThrow(schema, raw, 'request body');
}

/** Validates the query string with a contract schema; failures are `VALIDATION` errors (400) naming the fields. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseOrThrow(schema, c.req.query(), 'query');
}

/** Validates one path parameter (`:id`, `:tickId`) with a contract schema; a failure is a `VALIDATION` error (400). */
export function readParam<S extends z.ZodType>(c: Context, name: string, schema: S): z.output<S> {
  return parseOrThrow(schema, c.req.param(name), `path parameter ${name}`);
}

function parseOrThrow<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    throw new AppError('VALIDATION', `Invalid ${what}: ${issues.map((i) => `${i.path || `(${what})`} ${i.message}`).join('; ')}`, { issues });
  }
  return parsed.data;
}
