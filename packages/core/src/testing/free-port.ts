import { createServer } from 'node:net';

/**
 * A free TCP port on loopback: the listener is closed again before the caller binds it.
 * For services that need their real URL up front (mana-auth's base URL is the JWT issuer
 * mana-mcp checks, a restarted service keeps its port), where port 0 cannot be used.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
