/**
 * `npm start`: the whole system in one process — mana-auth, mana-mcp and the
 * persona runner — on one database. Without DATABASE_URL that is the embedded
 * PGlite under `.mana/pglite` (an on-disk PGlite folder serves one process, so
 * the services share this one instance). Each service reads its own config from
 * the environment; this file only wires their URLs together.
 */
import { createLogger } from '@mana/core';
import { createDatabase, defaultDataDir } from '@mana/db';
import { loadAuthConfig, startAuthServer, upsertPersona } from '@mana/auth';
import { envFlag } from '@mana/core';
import { loadCatalog } from '@mana/personas-scripts';
import { manaRegistry } from '@mana/tools';
import { loadMcpConfig, startMcpServer } from '@mana/mcp';
import { loadRunnerConfig, startRunner } from '@mana/persona-runner';

const log = createLogger('mana');
const env = process.env;

/** One process, three listeners: each service's PORT comes from its own variable here. */
const portOf = (name: string, fallback: number) => env[name] ?? String(fallback);
const authConfig = loadAuthConfig({ ...env, PORT: portOf('MANA_AUTH_PORT', 3001) });
const database = await createDatabase({ url: authConfig.databaseUrl, dataDir: authConfig.dataDir ?? defaultDataDir(env) });
log.info('database ready', { kind: database.kind, where: database.kind === 'pglite' ? (authConfig.dataDir ?? defaultDataDir(env)) : 'DATABASE_URL' });

const auth = await startAuthServer({ config: authConfig, database, log: createLogger('mana-auth') });
await seedCatalogueOnFirstStart();
const mcpConfig = loadMcpConfig({ MANA_AUTH_URL: authConfig.baseUrl, ...env, PORT: portOf('MANA_MCP_PORT', 3069) });
const mcp = await startMcpServer({ config: mcpConfig, database, log: createLogger('mana-mcp') });
const runnerConfig = loadRunnerConfig({ MANA_AUTH_URL: authConfig.baseUrl, MANA_MCP_URL: `${mcp.url}/mcp`, ...env, PORT: portOf('RUNNER_PORT', 3070) });
const runner = await startRunner({
  config: { ...runnerConfig, serviceKey: runnerConfig.serviceKey ?? authConfig.serviceKey },
  log: createLogger('mana-persona-runner'),
});

log.info('Mana Personas is running', {
  auth: auth.url,
  mcp: `${mcp.url}/mcp`,
  runner: runner.url,
  driver: runnerConfig.driver.kind,
  next: 'npm run admin:create -- --email you@example.com, then npm run seed:personas (see README)',
});

/**
 * Development convenience: an empty database gets the persona catalogue, so the
 * first tick of a fresh clone already has work. Never in production; MANA_AUTOSEED=0 turns it off.
 */
async function seedCatalogueOnFirstStart(): Promise<void> {
  if (authConfig.env === 'production' || (env.MANA_AUTOSEED !== undefined && !envFlag(env.MANA_AUTOSEED))) return;
  const [{ n }] = await database.query<{ n: number }>('select count(*)::int as n from personas');
  if (Number(n) > 0) return;
  const personas = loadCatalog(manaRegistry);
  for (const persona of personas) await upsertPersona(auth.ctx, persona);
  log.info('seeded the persona catalogue (development, empty database)', { personas: personas.length });
}

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info('shutting down', { signal });
  await runner.shutdown();
  await mcp.close();
  await auth.close();
  await database.close();
  process.exit(0);
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
