import { z } from 'zod';

/**
 * Key in a CallToolResult's `_meta` under which mana-mcp returns the app's own
 * time for the call in milliseconds (gate, handler and database; no transport,
 * no client queueing). Runners store it as an action's `handlerMs`, so a
 * loaded client cannot make the app look slow.
 */
export const HANDLER_TIME_META_KEY = 'mana/handlerMs';

const handlerTime = z.number().finite().min(0).max(86_400_000);

/** The handler time in a CallToolResult's `_meta`, if the server sent a valid one (foreign servers do not). */
export function handlerMsOf(result: { _meta?: unknown } | undefined | null): number | undefined {
  const meta = result?._meta;
  if (!meta || typeof meta !== 'object') return undefined;
  const parsed = handlerTime.safeParse((meta as Record<string, unknown>)[HANDLER_TIME_META_KEY]);
  return parsed.success ? parsed.data : undefined;
}
