import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

/** An app listening on 127.0.0.1 at a free port, for tests that need a real URL (JWKS, child processes). */
export interface LoopbackServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `app` on 127.0.0.1:0; `close()` also drops kept-alive connections. */
export async function serveOnLoopback(app: Pick<Hono, 'fetch'>): Promise<LoopbackServer> {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
