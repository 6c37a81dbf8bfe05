/**
 * `npm run start:auth | start:mcp | start:runner`: one service in its own
 * process, so that each can be replicated (docs/deploy.md). Those scripts go
 * through `launch.mjs`: with NODE_ENV=production they run this file as built
 * by `npm run build` (`dist/start-service.js`), else through tsx. mana-auth and
 * mana-mcp need DATABASE_URL: an on-disk PGlite serves one process, so replicas
 * and separate processes can only share PostgreSQL. The runner holds no
 * database of its own (it works through mana-auth's internal API) and needs
 * MANA_AUTH_URL and MANA_MCP_URL instead.
 *
 * The port is `PORT`, else the service's variable of `npm start`
 * (MANA_AUTH_PORT, MANA_MCP_PORT, RUNNER_PORT). Started by a supervisor with an
 * IPC channel (`npm start` on PostgreSQL), the process reports `{type: 'ready', url}`.
 * SIGTERM/SIGINT: the runner drains its sessions, the servers close, then exit 0.
 */
import { createLogger, exitAfterLogs } from '@mana/core';
import { SERVICES, type ServiceName } from './service-names';

const name = process.argv[2] as ServiceName;
if (!(name in SERVICES)) fail(`usage: start-service.ts <${Object.keys(SERVICES).join('|')}>`);
if (name !== 'runner' && !process.env.DATABASE_URL) {
  fail(
    `DATABASE_URL is required to run ${name} on its own: separate processes share one PostgreSQL (e.g. DATABASE_URL=postgres://user:pass@host:5432/mana). Without PostgreSQL use \`npm start\` (one process, embedded PGlite).`,
  );
}
const env = { ...process.env, PORT: process.env.PORT ?? process.env[SERVICES[name]] };
const log = createLogger(name === 'auth' ? 'mana-auth' : name === 'mcp' ? 'mana-mcp' : 'mana-persona-runner');

let stop: () => Promise<unknown>;
let url: string;
// Only the chosen service's packages are loaded (the build keeps each a lazy chunk): a runner loads no Better Auth.
try {
  if (name === 'auth') {
    const { startAuthServer, loadAuthConfig } = await import('@mana/auth');
    const { announceFirstAdmin, seedCatalogueOnFirstStart } = await import('./system');
    const auth = await startAuthServer({ config: loadAuthConfig(env), log });
    await seedCatalogueOnFirstStart(auth, auth.ctx.database, env, log);
    await announceFirstAdmin(auth, env, log);
    ({ url } = auth);
    stop = () => auth.close();
  } else if (name === 'mcp') {
    const { loadMcpConfig, startMcpServer } = await import('@mana/mcp');
    const mcp = await startMcpServer({ config: loadMcpConfig(env), log });
    ({ url } = mcp);
    stop = () => mcp.close();
  } else {
    const { loadRunnerConfig, startRunner } = await import('@mana/persona-runner');
    const runner = await startRunner({ config: loadRunnerConfig(env), log });
    ({ url } = runner);
    stop = () => runner.shutdown().then(({ drained }) => log.info('stopped', { drained }));
  }
} catch (error) {
  fail(`${name} failed to start: ${(error as Error).message}`);
}
process.send?.({ type: 'ready', service: name, url });

let stopping = false;
const onSignal = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  log.info('shutting down', { signal });
  stop().then(
    () => exitAfterLogs(0),
    (error: unknown) => {
      log.error('shutdown failed', { error: (error as Error).message });
      return exitAfterLogs(1);
    },
  );
};
process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);
// A supervisor that dies without a signal must not leave its children behind.
process.on('disconnect', () => onSignal('SIGTERM'));

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
