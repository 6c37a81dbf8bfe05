/**
 * A stack of real processes on one fresh PostgreSQL database: mana-auth, any
 * number of mana-mcp replicas and runners. Personas are signed up through
 * mana-auth's app in the test process (Better Auth, real password hashes) and
 * made daily personas with rows in `personas`.
 */
import { randomBytes } from 'node:crypto';
import { createLogger, DEV_SERVICE_KEY } from '@mana/core';
import { freePort } from '@mana/core/testing/free-port';
import { createApp, createAuthContext, loadAuthConfig } from '@mana/auth';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { manaRegistry } from '@mana/tools';
import { signUpPersonas } from '@mana/persona-runner/testing';
import { startService, type ServiceProcess } from './service';

export interface Stack {
  database: TestDatabase;
  auth: ServiceProcess;
  authUrl: string;
  /** Kills mana-auth (SIGKILL) and leaves it down; `startAuth` brings it back on the same port. */
  stopAuth(): Promise<void>;
  startAuth(): Promise<ServiceProcess>;
  /** Environment every mana-mcp replica gets. */
  mcpEnv: Record<string, string>;
  /** Environment every runner gets (plus MANA_MCP_URL, which names a replica or the proxy). */
  runnerEnv: Record<string, string>;
  /** Starts a mana-mcp replica, on `port` when given (a restart keeps its address). */
  startMcp(port?: number): Promise<ServiceProcess>;
  startRunner(mcpUrl: string, env?: Record<string, string>): Promise<ServiceProcess>;
  /** Signs up `n` personas (daily cadence, offline-friendly module mix); returns their user ids. */
  seedPersonas(n: number): Promise<string[]>;
  /** Kills every process the stack started and drops the database. */
  close(): Promise<void>;
}

export async function startStack(
  options: {
    runnerEnv?: Record<string, string>;
    mcpEnv?: Record<string, string>;
    /** The database URL the service processes get (e.g. through a TCP proxy); the test itself uses the real one. */
    processDatabaseUrl?: (url: string) => string | Promise<string>;
  } = {},
): Promise<Stack> {
  const database = await createTestDatabase();
  if (!database.url) throw new Error('the reliability suite needs PostgreSQL (DATABASE_URL)');
  const processDatabaseUrl = options.processDatabaseUrl ? await options.processDatabaseUrl(database.url) : database.url;
  const authPort = await freePort();
  const authUrl = `http://127.0.0.1:${authPort}`;
  const common = { NODE_ENV: 'test', DATABASE_URL: processDatabaseUrl, MANA_AUTH_URL: authUrl, MANA_SERVICE_KEY: DEV_SERVICE_KEY, MANA_AUTOSEED: '0' };
  const processes: ServiceProcess[] = [];
  const track = (process: ServiceProcess) => {
    processes.push(process);
    return process;
  };
  let auth = track(await startService('auth', common, authPort));
  const mcpEnv = { ...common, MCP_RATE_LIMIT_PER_MINUTE: '100000', MCP_MAX_SESSIONS_PER_USER: '1000', ...options.mcpEnv };
  const runnerEnv = { ...common, PERSONA_DRIVER: 'offline', TICK_INTERVAL_MS: '500', PERSONA_CONCURRENCY: '8', ...options.runnerEnv };

  const config = loadAuthConfig({ NODE_ENV: 'test', MANA_AUTH_URL: authUrl });
  const app = createApp(createAuthContext({ config, database, registry: manaRegistry, log: createLogger('reliability-seed', { level: 'silent' }), now: () => new Date() }));
  let counter = 0;

  return {
    database,
    get auth() {
      return auth;
    },
    authUrl,
    async stopAuth() {
      await auth.kill('SIGKILL');
    },
    async startAuth() {
      auth = track(await startService('auth', common, authPort));
      return auth;
    },
    mcpEnv,
    runnerEnv,
    startMcp: async (port) => track(await startService('mcp', mcpEnv, port)),
    startRunner: async (mcpUrl, env = {}) => track(await startService('runner', { ...runnerEnv, MANA_MCP_URL: mcpUrl, ...env })),
    async seedPersonas(n) {
      const tag = randomBytes(3).toString('hex');
      const emails = Array.from({ length: n }, () => `persona.rel${++counter}-${tag}@mana.test`);
      return signUpPersonas(app, database, emails, { archetype: 'reliability', systemPrompt: 'Du bist eine Test-Persona, die ihren Tag plant.', cadence: 'daily' });
    },
    async close() {
      await Promise.all(processes.map((process) => process.kill('SIGKILL')));
      await database.close();
    },
  };
}
