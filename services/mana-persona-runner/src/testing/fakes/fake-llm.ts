import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One assistant turn a test scripts: some text, then tool calls (none = the turn ends the session). */
export interface FakeTurn {
  text?: string;
  toolCalls?: { name: string; input: Record<string, unknown>; id?: string }[];
  /** Overrides the estimated usage (chars / 4). */
  usage?: { inputTokens: number; outputTokens: number };
}

/** A tool result as the client sent it back, in either wire format. */
export interface SeenToolResult {
  id: string;
  isError: boolean;
  content: string;
}

/** The request as a script sees it, the same for both wire protocols. */
export interface FakeRequest {
  /** The raw JSON body. */
  body: Record<string, unknown>;
  /** Text of the last user message, with `<system-reminder>` blocks removed. */
  userText: string;
  /** Tool names the client offered. */
  tools: string[];
  /** Every tool result in the conversation so far, oldest first. */
  toolResults: SeenToolResult[];
  /** System prompt text. */
  system: string;
  /** Index of this request among the ones the fake answered. */
  index: number;
}

export type FakeScript = (request: FakeRequest) => FakeTurn | Promise<FakeTurn>;

/** A request the fake received, kept for assertions. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown> | undefined;
}

export interface FakeServer {
  /** Base URL without a path, e.g. `http://127.0.0.1:41234`. */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Drops `<system-reminder>...</system-reminder>` sections the Claude Code CLI adds to user turns. */
export function stripSystemReminders(text: string): string {
  return text.replace(/<system-reminder>[\s\S]*?<\/system-reminder>/g, '').trim();
}

/** Rough token count the fakes report: a quarter of the characters. */
export function estimateTokens(value: unknown): number {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  return Math.max(1, Math.ceil(text.length / 4));
}

/** The request body parsed as JSON; undefined when empty or not JSON. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Answers with a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Starts a loopback HTTP server for a fake; `handle` answers every request. */
export async function listen(
  handle: (req: IncomingMessage, res: ServerResponse, body: Record<string, unknown> | undefined) => Promise<void>,
  requests: RecordedRequest[],
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readJson(req);
      requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body });
      try {
        await handle(req, res, body);
      } catch (error) {
        if (!res.headersSent) sendJson(res, 500, { error: { type: 'api_error', message: String(error) } });
        else res.end();
      }
    })();
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Waits `ms` (the fixed latency per turn), skipping zero. */
export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
