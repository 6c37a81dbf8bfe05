/**
 * A span per SQL statement when tracing is on (under the service span that issued
 * it), for both drivers. Off, each wrapper is one check and the original call.
 */
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { startStatementSpan } from '@mana/core';
import pg from 'pg';

type QueryArgs = [unknown, ...unknown[]];

/** node-postgres client whose `query` (promise and callback forms, as pg-pool uses it) is traced. */
export class TracedPgClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg.Client#query has a dozen overloads; this forwards all of them.
  override query(...args: any[]): any {
    const first = args[0] as { text?: unknown } | string;
    const text = typeof first === 'string' ? first : typeof first?.text === 'string' ? first.text : undefined;
    const span = text === undefined ? undefined : startStatementSpan(text);
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    const forward = (super.query as (...a: any[]) => any).bind(this);
    if (!span) return forward(...args);
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      return forward(...args.slice(0, -1), (error: unknown, result: unknown) => {
        span.end(error ?? undefined);
        (last as (e: unknown, r: unknown) => void)(error, result);
      });
    }
    const result = forward(...args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(
        () => span.end(),
        (error: unknown) => span.end(error),
      );
    } else span.end();
    return result;
  }
}

/** Traces PGlite's `query` and `exec`, also inside transactions (drizzle uses both). */
export function traceStatements<T extends PGlite | Transaction>(client: T): T {
  const query = client.query.bind(client);
  const exec = client.exec.bind(client);
  Object.assign(client, {
    query: (...args: QueryArgs) => traced(args[0], () => (query as (...a: unknown[]) => Promise<unknown>)(...args)),
    exec: (...args: QueryArgs) => traced(args[0], () => (exec as (...a: unknown[]) => Promise<unknown>)(...args)),
  });
  if ('transaction' in client) {
    const transaction = client.transaction.bind(client);
    Object.assign(client, {
      transaction: <R>(fn: (tx: Transaction) => Promise<R>) => transaction((tx) => fn(traceStatements(tx))),
    });
  }
  return client;
}

async function traced<R>(text: unknown, run: () => Promise<R>): Promise<R> {
  const span = typeof text === 'string' ? startStatementSpan(text) : undefined;
  if (!span) return run();
  try {
    const result = await run();
    span.end();
    return result;
  } catch (error) {
    span.end(error);
    throw error;
  }
}
