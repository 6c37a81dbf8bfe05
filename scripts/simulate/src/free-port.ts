import { createServer } from 'node:net';

/**
 * A free loopback port. The services need their real URLs up front (mana-auth's
 * base URL is the JWT issuer mana-mcp checks), so port 0 cannot be used there.
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
