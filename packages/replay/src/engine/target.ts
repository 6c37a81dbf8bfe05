import { loadAuthConfig, startAuthServer, upsertPersona, type RunningAuthServer } from '@mana/auth';
import { loginResponse, type PersonaDefinition } from '@mana/contracts';
import { AppError, createLogger, DEV_PERSONA_SEED_SECRET, derivePersonaPassword, type Logger } from '@mana/core';
import { freePort } from '@mana/core/testing/free-port';
import { createDatabase, type Database } from '@mana/db';
import { loadMcpConfig, startMcpServer, type RunningMcpServer } from '@mana/mcp';
import { keepAliveFetch } from '@mana/persona-runner';
import { deletePersona } from '@mana/persona-store';
import { connectAdmin } from '@mana/personas-scripts';
import type { ToolRegistry } from '@mana/tools';
import { createSimulationClock, type SimulationClock } from '@mana/simulate';

/** A logged-in persona: what its MCP requests carry. */
export interface PersonaLogin {
  accessToken: string;
  spaceId: string;
}

/** Where a replay sends its calls: this checkout started in-process, or running services. */
export interface ReplayTarget {
  readonly kind: 'in-process' | 'remote';
  readonly mcpUrl: string;
  readonly authUrl: string;
  /** True when the target's clock follows the recording (in-process); a remote target keeps its own. */
  readonly virtualClock: boolean;
  /** The database of an in-process target (the replay run is stored there when it is PostgreSQL). */
  readonly database?: Database;
  /** Moves the target's clock to a recorded instant (in-process; nothing on a remote target). */
  setClock(at: Date): void;
  /** Creates a persona (its user, personal space and persona row) through the persona verb or the admin API. */
  createPersona(definition: PersonaDefinition): Promise<{ userId: string }>;
  /** Logs the persona in through mana-auth, as the runner does (refresh token while valid, else password). */
  login(email: string): Promise<PersonaLogin>;
  /** Deletes the personas this replay created (and all they own). */
  removePersonas(): Promise<number>;
  close(): Promise<void>;
}

/** The in-process target's set-up: the same services `simulate` starts, without the runner (a replay drives no schedule). */
export interface InProcessTargetOptions {
  /** An open database (tests); otherwise DATABASE_URL from `env`, else PGlite in memory. */
  database?: Database;
  env: Record<string, string | undefined>;
  /** The tool registry mana-mcp serves (default the app's); tests pass a changed one. */
  registry?: ToolRegistry;
  /** MCP_FAULTS for this build (as `simulate` takes it). */
  faults?: string;
  /** The virtual clock (default a new one); a test that also runs a runner on this target shares it. */
  clock?: SimulationClock;
  log?: Logger;
}

/**
 * Starts mana-auth and mana-mcp of this checkout on one database with one
 * virtual clock (as `simulate` does: `now` injected into both, moved between
 * calls), listening on free ports so every call goes over HTTP and MCP.
 * The runner is not started: the replay is the driver.
 */
export async function startInProcessTarget(options: InProcessTargetOptions): Promise<ReplayTarget> {
  const log = options.log ?? createLogger('mana-replay', { level: options.env.LOG_LEVEL ?? 'warn' });
  const clock = options.clock ?? createSimulationClock(new Date(0));
  const database = options.database ?? (await createDatabase({ url: options.env.DATABASE_URL || undefined, dataDir: options.env.DATABASE_URL ? undefined : 'memory://' }));
  const { DATABASE_URL: _url, MANA_AUTH_URL: _auth, MANA_MCP_URL: _mcp, ...base } = options.env;
  let auth: RunningAuthServer | undefined;
  let mcp: RunningMcpServer | undefined;
  try {
    // Free ports chosen up front (as `simulate` does): the JWT issuer is mana-auth's own URL, port included.
    const authConfig = loadAuthConfig({ ...base, PORT: String(await freePort()), REPORT_CRON: 'off', MANA_AUTOSEED: '0' });
    auth = await startAuthServer({ config: authConfig, database, log: log.child({ service: 'mana-auth' }), now: clock.now });
    const mcpConfig = loadMcpConfig({
      ...base,
      MANA_AUTH_URL: authConfig.baseUrl,
      PORT: String(await freePort()),
      MCP_FAULTS: options.faults ?? base.MCP_FAULTS,
    });
    mcp = await startMcpServer({ config: mcpConfig, database, registry: options.registry, log: log.child({ service: 'mana-mcp' }), now: clock.now });
  } catch (error) {
    await auth?.close().catch(() => undefined);
    if (!options.database) await database.close();
    throw error;
  }
  const running = { auth, mcp };
  const secret = running.auth.config.personaSeedSecret;
  const created: string[] = [];
  return {
    kind: 'in-process',
    mcpUrl: `${running.mcp.url}/mcp`,
    authUrl: running.auth.url,
    virtualClock: true,
    database,
    setClock: (at) => clock.set(at),
    async createPersona(definition) {
      const { userId } = await upsertPersona(running.auth.ctx, definition);
      created.push(userId);
      return { userId };
    },
    login: createLogins(running.auth.url, secret),
    async removePersonas() {
      let removed = 0;
      for (const userId of created.splice(0)) {
        await deletePersona({ database }, userId).then(
          () => removed++,
          () => undefined,
        );
      }
      return removed;
    },
    async close() {
      await running.mcp.close();
      await running.auth.close();
      if (!options.database) await database.close();
    },
  };
}

/** A remote target: running mana-auth and mana-mcp (a staging deployment). */
export interface RemoteTargetOptions {
  mcpUrl: string;
  authUrl: string;
  env: Record<string, string | undefined>;
}

/**
 * Running services: personas are created through the admin persona API as an
 * admin (MANA_ADMIN_EMAIL + MANA_ADMIN_PASSWORD, or MANA_ADMIN_JWT) and log in
 * with the password derived from the target's PERSONA_SEED_SECRET. The target
 * keeps its own clock: date-dependent tools see its today, not the recorded one.
 */
export async function connectRemoteTarget(options: RemoteTargetOptions): Promise<ReplayTarget> {
  const { env } = options;
  if (!env.MANA_ADMIN_JWT && !(env.MANA_ADMIN_EMAIL && env.MANA_ADMIN_PASSWORD)) {
    throw new AppError('VALIDATION', 'a remote target needs admin credentials: set MANA_ADMIN_EMAIL and MANA_ADMIN_PASSWORD (or MANA_ADMIN_JWT)');
  }
  const admin = await connectAdmin({ baseUrl: options.authUrl, jwt: env.MANA_ADMIN_JWT, email: env.MANA_ADMIN_EMAIL, password: env.MANA_ADMIN_PASSWORD });
  const secret = env.PERSONA_SEED_SECRET || DEV_PERSONA_SEED_SECRET;
  const created: string[] = [];
  return {
    kind: 'remote',
    mcpUrl: options.mcpUrl,
    authUrl: options.authUrl,
    virtualClock: false,
    setClock: () => undefined,
    async createPersona(definition) {
      const { userId } = await admin.upsert(definition);
      created.push(userId);
      return { userId };
    },
    login: createLogins(options.authUrl, secret),
    async removePersonas() {
      let removed = 0;
      for (const userId of created.splice(0)) {
        await admin.remove(userId).then(
          () => removed++,
          () => undefined,
        );
      }
      return removed;
    },
    close: async () => undefined,
  };
}

/**
 * Logs personas in as the runner does between ticks: with the refresh token of
 * the persona's last login while mana-auth accepts it (one query), else with
 * the derived password (`POST /api/v1/auth/login`).
 */
function createLogins(authUrl: string, secret: string): (email: string) => Promise<PersonaLogin> {
  const base = authUrl.replace(/\/+$/, '');
  const refreshTokens = new Map<string, string>();
  const post = async (path: string, body: unknown): Promise<{ ok: boolean; status: number; text: string }> => {
    const response = await keepAliveFetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { ok: response.ok, status: response.status, text: await response.text() };
  };
  return async (email) => {
    const refreshToken = refreshTokens.get(email);
    let answer = refreshToken ? await post('/api/v1/auth/refresh', { refreshToken }) : undefined;
    if (!answer?.ok) answer = await post('/api/v1/auth/login', { email, password: derivePersonaPassword(secret, email) });
    if (!answer.ok) throw new AppError('UNAVAILABLE', `login of ${email} failed: HTTP ${answer.status} ${answer.text.slice(0, 300)}`);
    const login = loginResponse.parse(JSON.parse(answer.text));
    refreshTokens.set(email, login.refreshToken);
    return { accessToken: login.accessToken, spaceId: login.personalSpaceId };
  };
}
