import { STATUS_CODES } from 'node:http';
import { Readable } from 'node:stream';
import { Agent } from 'undici';

/**
 * The runner's HTTP client for its calls to mana-auth and mana-mcp: undici's
 * `request` on one keep-alive connection pool per process. The global `fetch`
 * is the same undici underneath, but its WHATWG layer (Request and Response
 * objects, web streams, abort plumbing) cost ~0.55 ms of CPU per request here
 * against ~0.09 ms for `request` (a local JSON round trip, measured in one
 * process), and a tick makes ~15 of them.
 */
const agent = new Agent({ keepAliveTimeout: 4_000 });

/** One answer, read whole. */
export interface PlainResponse {
  status: number;
  /** Header names in lower case, as undici gives them. */
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One request, its body read as text. Rejects on a network failure or abort, as `fetch` does. */
export async function sendRequest(url: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }): Promise<PlainResponse> {
  const parsed = new URL(url);
  const response = await agent.request({
    origin: parsed.origin,
    path: `${parsed.pathname}${parsed.search}`,
    method: init.method as 'GET',
    headers: init.headers,
    body: init.body,
    signal: init.signal,
  });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

/** Statuses whose response has no body (a `Response` refuses one). */
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * A `fetch` for the MCP SDK's client transport (its `fetch` option) over the
 * same pool. JSON answers are read whole and handed over as a `WholeResponse`;
 * a `text/event-stream` answer stays a streaming `Response` (another MCP server
 * may keep one open). Redirects are returned, never followed (the SDK follows
 * same-origin ones itself). Failures look like `fetch`'s: the signal's reason on
 * abort, else `TypeError('fetch failed')` with the cause.
 */
export async function keepAliveFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const url = typeof input === 'string' ? new URL(input) : input instanceof URL ? input : new URL(input.url);
  const signal = init.signal ?? undefined;
  try {
    const response = await agent.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: (init.method ?? 'GET') as 'GET',
      headers: plainHeaders(init.headers),
      body: init.body as string | Uint8Array | null | undefined,
      signal,
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      else if (value !== undefined) headers.set(name, value);
    }
    if (headers.get('content-type')?.includes('text/event-stream')) {
      return new Response(Readable.toWeb(response.body) as ReadableStream<Uint8Array>, { status: response.statusCode, headers });
    }
    if (NULL_BODY.has(response.statusCode)) {
      await response.body.dump();
      return new WholeResponse(url.href, response.statusCode, headers, null) as unknown as Response;
    }
    return new WholeResponse(url.href, response.statusCode, headers, await response.body.text()) as unknown as Response;
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw new TypeError('fetch failed', { cause: error });
  }
}

/**
 * A response whose body was read whole, with the part of `Response` the MCP
 * SDK's client reads (status, ok, statusText, headers, `text()`, `json()`;
 * `type` and `url` to word an unfollowed redirect; `body` only to cancel it).
 * A WHATWG `Response` over the same bytes builds a web stream and reads it back
 * through undici's body mixin: that was ~10 % of the runner's CPU per offline
 * tick in a profile (its `Response`, `fullyReadBody`, and the stream), for a
 * body that is already a string here.
 */
class WholeResponse {
  readonly type = 'basic';
  /** The body is consumed already: there is no stream to read or cancel. */
  readonly body = null;
  bodyUsed = false;
  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: Headers,
    private readonly content: string | null,
  ) {}
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }
  get statusText(): string {
    return STATUS_CODES[this.status] ?? '';
  }
  async text(): Promise<string> {
    if (this.bodyUsed) throw new TypeError('Body is unusable: Body has already been read');
    this.bodyUsed = true;
    return this.content ?? '';
  }
  async json(): Promise<unknown> {
    return parseJsonAnswer(await this.text());
  }
}

/** Answers at least this long are remembered parsed: a `tools/list` (54 KB from mana-mcp), not a tool call's answer. */
export const REMEMBERED_ANSWER_CHARS = 16 * 1024;
let remembered: { text: string; value: unknown } | undefined;

/**
 * `JSON.parse`, remembering the last long answer: every MCP session of a day asks
 * `tools/list` and gets the same bytes (the JSON-RPC id included), so the same
 * text gives the value parsed before: 0.9 µs instead of 217 µs of CPU per session
 * (bench/tools-list-parse.ts). The value is frozen to the last level: the SDK only reads
 * it (its zod schemas build new objects), and a consumer that tried to change it
 * would fail loudly instead of changing the next session's answer.
 */
export function parseJsonAnswer(text: string): unknown {
  if (text.length < REMEMBERED_ANSWER_CHARS) return JSON.parse(text);
  if (remembered?.text === text) return remembered.value;
  const value = deepFreeze(JSON.parse(text));
  remembered = { text, value };
  return value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function plainHeaders(headers: RequestInit['headers']): Record<string, string> {
  if (!headers) return {};
  if (headers instanceof Headers || Array.isArray(headers)) return Object.fromEntries(headers instanceof Headers ? headers.entries() : headers);
  return headers as Record<string, string>;
}
