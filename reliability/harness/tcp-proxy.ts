/**
 * A TCP proxy in front of PostgreSQL, so a test can "restart" the database for
 * the services behind it without touching the machine's server (which other
 * work shares): `restart(ms)` drops every connection, as a server restart does,
 * and refuses new ones for `ms`.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Connections accepted so far (a reconnecting pool makes new ones). */
  accepted: number;
  restart(downMs: number): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let downUntil = 0;
  const proxy: TcpProxy = {
    port: 0,
    accepted: 0,
    async restart(downMs) {
      downUntil = Date.now() + downMs;
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, downMs));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((client) => {
    if (Date.now() < downUntil) return client.destroy();
    proxy.accepted += 1;
    const upstream = createConnection(target);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.port = (server.address() as AddressInfo).port;
  return proxy;
}
