import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { AUTH_MAX_BODY_BYTES } from './app';
import { startAuthServer, type RunningAuthServer } from './server';
import { testAuthConfig } from './testing/harness';

let database: TestDatabase;
let server: RunningAuthServer;
beforeAll(async () => {
  database = await createTestDatabase();
  server = await startAuthServer({ config: testAuthConfig({ port: 0 }), database });
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

/** One request on `agent`; resolves with status, headers and body text. */
function send(agent: http.Agent, path: string, body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, server.url);
    const req = http.request(
      url,
      { agent, method: body === undefined ? 'GET' : 'POST', headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

it("413 closes the connection, so a pooled client's next request works (regression: keep-alive, then a dropped socket)", async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (let round = 0; round < 3; round += 1) {
      const big = JSON.stringify({ email: 'a@mana.test', password: 'x'.repeat(AUTH_MAX_BODY_BYTES * 2) });
      const refused = await send(agent, '/api/v1/auth/login', big);
      expect(refused.status).toBe(413);
      expect(refused.headers.connection).toBe('close');
      expect(JSON.parse(refused.text)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
      const next = await send(agent, '/health');
      expect(next.status).toBe(200);
    }
  } finally {
    agent.destroy();
  }
});
