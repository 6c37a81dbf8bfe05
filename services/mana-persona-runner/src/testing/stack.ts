/**
 * The runner's integration harness: a real mana-auth (its own test harness) and a real
 * mana-mcp, both served on loopback over one fresh test database, a clock tests can move,
 * persona seeding, and runner configurations pointing at the two services.
 */
import { createLogger, derivePersonaPassword, DEV_PERSONA_SEED_SECRET, type Logger, type Tracing } from '@mana/core';
import { createAuthHarness, serveOnLoopback, type AuthHarness } from '@mana/auth/testing';
import { loadMcpConfig, startMcpServer, type RunningMcpServer } from '@mana/mcp';
import type { TestDatabase } from '@mana/db/testing';
import { loadRunnerConfig, type RunnerConfig } from '../config';

/** A seeded persona the runner can log in as. */
export interface SeededPersona {
  userId: string;
  email: string;
}

export interface RunnerStack {
  auth: AuthHarness;
  database: TestDatabase;
  authUrl: string;
  mcpUrl: string;
  mcp: RunningMcpServer;
  now(): Date;
  advance(ms: number): void;
  /** Signs personas up through Better Auth with their derived password and gives them a persona row. */
  seed(count: number, options?: { prefix?: string; moduleMix?: Record<string, number> }): Promise<SeededPersona[]>;
  /** The environment a runner (in-process or child) needs to use this stack. */
  env(overrides?: Record<string, string>): Record<string, string>;
  config(overrides?: Record<string, string>): RunnerConfig;
  close(): Promise<void>;
}

export interface RunnerStackOptions {
  mcpEnv?: Record<string, string>;
  tracing?: { auth: Tracing; mcp: Tracing };
  /** The services' loggers (a test that reads the log lines passes its own). */
  authLog?: Logger;
  mcpLog?: Logger;
}

/** Starts mana-auth and mana-mcp on 127.0.0.1 (port 0). One per test file; close it in afterAll. */
export async function createRunnerStack(options: RunnerStackOptions = {}): Promise<RunnerStack> {
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const auth = await createAuthHarness({ now, tracing: options.tracing?.auth, log: options.authLog });
  const authServer = await serveOnLoopback(auth.app);
  const authUrl = authServer.url;
  const mcpConfig = loadMcpConfig({ NODE_ENV: 'test', PORT: '0', MANA_AUTH_URL: authUrl, MCP_JWT_ISSUER: auth.config.baseUrl, MCP_JWKS_COOLDOWN_MS: '0', ...options.mcpEnv });
  const mcp = await startMcpServer({
    config: mcpConfig,
    database: auth.database,
    now,
    log: options.mcpLog ?? createLogger('mana-mcp'),
    sweep: false,
    tracing: options.tracing?.mcp,
  });
  let counter = 0;

  const env = (overrides: Record<string, string> = {}) => ({
    NODE_ENV: 'test',
    PORT: '0',
    MANA_AUTH_URL: authUrl,
    MANA_MCP_URL: `${mcp.url}/mcp`,
    MANA_SERVICE_KEY: auth.config.serviceKey,
    PERSONA_SEED_SECRET: DEV_PERSONA_SEED_SECRET,
    PERSONA_DRIVER: 'offline',
    RUNNER_ID: `runner-${process.pid}`,
    ...overrides,
  });

  return {
    auth,
    database: auth.database,
    authUrl,
    mcpUrl: `${mcp.url}/mcp`,
    mcp,
    now,
    advance: (ms) => {
      offsetMs += ms;
    },
    async seed(count, seedOptions = {}) {
      const seeded: SeededPersona[] = [];
      for (let i = 0; i < count; i++) {
        const email = `persona.${seedOptions.prefix ?? 'p'}${++counter}-${process.pid}@mana.test`;
        const { userId } = await auth.signUp(email, derivePersonaPassword(DEV_PERSONA_SEED_SECRET, email));
        seeded.push({ userId, email });
      }
      const rows = JSON.stringify(seeded.map((p) => ({ id: p.userId, mix: seedOptions.moduleMix ?? { todo: 3, notes: 1 } })));
      await auth.database.query(`update users set kind = 'persona' where id in (select r.id from jsonb_to_recordset($1::jsonb) as r(id text))`, [rows]);
      await auth.database.query(
        `insert into personas (user_id, archetype, system_prompt, module_mix, tick_cadence, time_zone, locale)
         select r.id, 'test-persona', 'Du bist eine geschäftige Test-Persona, die ihren Tag plant.', r.mix, 'hourly', 'UTC', 'de-DE'
         from jsonb_to_recordset($1::jsonb) as r(id text, mix jsonb)`,
        [rows],
      );
      return seeded;
    },
    env,
    config: (overrides) => loadRunnerConfig(env(overrides)),
    async close() {
      await mcp.close();
      await authServer.close();
      await auth.close();
    },
  };
}
