/**
 * The whole system composed from its services: mana-auth, mana-mcp and the
 * persona runner on one database. `npm start` (scripts/start.ts) and the e2e
 * tests build it through this one function, so what is tested is what runs.
 */
import { adminCredentialsPath, ensureFirstAdmin, loadAuthConfig, startAuthServer, upsertPersona, type RunningAuthServer } from '@mana/auth';
import { createLogger, envFlag, type Logger } from '@mana/core';
import { createDatabase, defaultDataDir, type Database } from '@mana/db';
import { loadMcpConfig, startMcpServer, type RunningMcpServer } from '@mana/mcp';
import { loadRunnerConfig, startRunner, type RunningRunner } from '@mana/persona-runner';
import { loadCatalog } from '@mana/personas-scripts';
import { manaRegistry } from '@mana/tools';

export interface SystemOptions {
  env?: Record<string, string | undefined>;
  /** Share this database instead of opening one (tests); it is left open on close. */
  database?: Database;
  /** Start the runner's loop (default true; tests drive passes through /diag/pass). */
  startLoop?: boolean;
  log?: Logger;
  /**
   * One clock for all three services (default: the wall clock). The simulation
   * injects a virtual one here, so its history is written by the production path.
   */
  now?: () => Date;
}

export interface RunningSystem {
  database: Database;
  auth: RunningAuthServer;
  mcp: RunningMcpServer;
  runner: RunningRunner;
  close(): Promise<void>;
}

/** Starts the three services; each service's PORT comes from its own variable here. */
export async function startSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  const env = options.env ?? process.env;
  const log = options.log ?? createLogger('mana');
  const portOf = (name: string, fallback: number) => env[name] ?? String(fallback);

  const authConfig = loadAuthConfig({ ...env, PORT: portOf('MANA_AUTH_PORT', 3001) });
  const dataDir = authConfig.dataDir ?? defaultDataDir(env);
  const database =
    options.database ??
    (await createDatabase({
      url: authConfig.databaseUrl,
      dataDir,
      poolSize: authConfig.databasePoolMax,
      preparedStatements: authConfig.databasePreparedStatements,
      log: log.child({ service: 'mana-db' }),
    }));
  log.info('database ready', { kind: database.kind, where: database.kind === 'pglite' ? dataDir : 'DATABASE_URL' });

  const auth = await startAuthServer({ config: authConfig, database, log: log.child({ service: 'mana-auth' }), now: options.now });
  await seedCatalogueOnFirstStart(auth, database, env, log);
  // Only for a database this system opened itself: a caller's (a test's, the simulation's in-memory one) is not the
  // one a newcomer will open the dashboard on, and its credentials must not overwrite admin.json.
  if (!options.database) await announceFirstAdmin(auth, env, log);
  const mcpConfig = loadMcpConfig({ MANA_AUTH_URL: authConfig.baseUrl, ...env, PORT: portOf('MANA_MCP_PORT', 3069) });
  const mcp = await startMcpServer({ config: mcpConfig, database, log: log.child({ service: 'mana-mcp' }), now: options.now });
  const runnerConfig = loadRunnerConfig({ MANA_AUTH_URL: authConfig.baseUrl, MANA_MCP_URL: `${mcp.url}/mcp`, ...env, PORT: portOf('RUNNER_PORT', 3070) });
  const runner = await startRunner({
    config: { ...runnerConfig, serviceKey: runnerConfig.serviceKey ?? authConfig.serviceKey },
    log: log.child({ service: 'mana-persona-runner' }),
    now: options.now,
    startLoop: options.startLoop,
  });

  return {
    database,
    auth,
    mcp,
    runner,
    async close() {
      await runner.shutdown();
      await mcp.close();
      await auth.close();
      if (!options.database) await database.close();
    },
  };
}

/**
 * Development convenience: an empty database gets the persona catalogue, so the
 * first tick of a fresh clone already has work. Never in production; MANA_AUTOSEED=0 turns it off.
 */
export async function seedCatalogueOnFirstStart(auth: RunningAuthServer, database: Database, env: Record<string, string | undefined>, log: Logger): Promise<void> {
  if (auth.config.env === 'production' || (env.MANA_AUTOSEED !== undefined && !envFlag(env.MANA_AUTOSEED))) return;
  const [{ n }] = await database.query<{ n: number }>('select count(*)::int as n from personas');
  if (Number(n) > 0) return;
  const personas = loadCatalog(manaRegistry);
  for (const persona of personas) await upsertPersona(auth.ctx, persona);
  log.info('seeded the persona catalogue (development, empty database)', { personas: personas.length });
}

/** Where the first-admin notice goes, and whether it is a terminal (tests pass both cases). */
export interface NoticeOutput {
  write(text: string): void;
  /** True when a person reads it live; a pipe or a file may be kept as a log (often mode 0644). */
  isTerminal: boolean;
}

/** The process's stdout; a terminal only when stdout itself is one. */
export const stdoutNotice = (): NoticeOutput => ({ write: (text) => void process.stdout.write(text), isTerminal: process.stdout.isTTY === true });

/**
 * Development: a database without an admin gets one, kept in `admin.json`
 * (mode 0600) beside the data folder. Its generated password is printed once,
 * and only to a terminal: redirected to a file or a pipe, the output says
 * where admin.json is instead, so the password never lands in a log file.
 * Later starts print where that file is. Never in production.
 */
export async function announceFirstAdmin(auth: RunningAuthServer, env: Record<string, string | undefined>, log: Logger, out: NoticeOutput = stdoutNotice()): Promise<void> {
  const dashboard = `${auth.url}/admin`;
  const file = adminCredentialsPath(auth.ctx.config.dataDir ?? defaultDataDir(env));
  const outcome = await ensureFirstAdmin(auth.ctx, { file, dashboardUrl: dashboard });
  // Plain lines, not the logger: the log pipeline redacts passwords, and this one must be readable once.
  if (outcome.kind === 'created') {
    const password = out.isTerminal ? `  password: ${outcome.password}\n` : '  password: not shown (the output is not a terminal); read it from the file below\n';
    out.write(
      `\nFirst admin for ${dashboard} (development${out.isTerminal ? ', shown once' : ''}):\n  e-mail:   ${outcome.email}\n${password}  kept in:  ${outcome.file} (mode 0600)\n\n`,
    );
    log.info('created the first admin (development)', { file: outcome.file });
  } else if (outcome.kind === 'exists' && outcome.file) {
    out.write(`Admin credentials for ${dashboard}: ${outcome.file}\n`);
  }
}
