/**
 * `npm start`: the whole system in one process — mana-auth, mana-mcp and the
 * persona runner — on one database. Without DATABASE_URL that is the embedded
 * PGlite under `.mana/pglite` (an on-disk PGlite folder serves one process, so
 * the services share this one instance). Each service reads its own config from
 * the environment; this file only wires their URLs together.
 */
import { createLogger } from '@mana/core';
import { createDatabase, defaultDataDir } from '@mana/db';
import { loadAuthConfig, startAuthServer } from '@mana/auth';
import { loadMcpConfig, startMcpServer } from '@mana/mcp';
import { loadRunnerConfig, startRunner } from '@mana/persona-runner';

const log = createLogger('mana');
const env = process.env;

const authConfig = loadAuthConfig(env);
const database = await createDatabase({ url: authConfig.databaseUrl, dataDir: authConfig.dataDir ?? defaultDataDir(env) });
log.info('database ready', { kind: database.kind, where: database.kind === 'pglite' ? (authConfig.dataDir ?? defaultDataDir(env)) : 'DATABASE_URL' });

const auth = await startAuthServer({ config: authConfig, database, log: createLogger('mana-auth') });
const mcpConfig = loadMcpConfig({ MANA_AUTH_URL: authConfig.baseUrl, ...env });
const mcp = await startMcpServer({ config: mcpConfig, database, log: createLogger('mana-mcp') });
const runnerConfig = loadRunnerConfig({ MANA_AUTH_URL: authConfig.baseUrl, MANA_MCP_URL: `${mcp.url}/mcp`, ...env });
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
