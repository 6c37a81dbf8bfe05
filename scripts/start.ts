/**
 * `npm start`: the whole system — mana-auth, mana-mcp and the persona runner —
 * on one database. Without DATABASE_URL that is the embedded PGlite under
 * `.mana/pglite`, served by one process (an on-disk PGlite serves one process).
 * With DATABASE_URL the three services run as supervised child processes
 * (scripts/supervisor.ts) so that the machine's cores are used;
 * MANA_SINGLE_PROCESS=1 keeps them in one process.
 */
import { ensureDashboardBuilt } from '@mana/dashboard/build';
import { createLogger, envFlag, exitAfterLogs } from '@mana/core';
import { superviseServices } from './supervisor';
import { startSystem } from './system';

const log = createLogger('mana');
// Handlers first: a SIGTERM during start-up still stops the children that are already up.
let close: (() => Promise<void>) | undefined;
let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info('shutting down', { signal });
  await close?.();
  await exitAfterLogs(0);
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));

// A hash check when the bundle is current; a Vite build (seconds) only after its sources changed.
const dashboard = await ensureDashboardBuilt();
if (dashboard.built) log.info('dashboard built', { ms: Math.round(dashboard.ms) });

if (process.env.DATABASE_URL && !envFlag(process.env.MANA_SINGLE_PROCESS)) {
  const system = await superviseServices({ env: process.env, log });
  log.info('Mana Personas is running (PostgreSQL, one process per service)', {
    auth: system.urls.auth,
    dashboard: `${system.urls.auth}/admin`,
    mcp: `${system.urls.mcp}/mcp`,
    runner: system.urls.runner,
    pids: system.pids(),
  });
  close = () => system.stop();
} else {
  const system = await startSystem({ log });
  log.info('Mana Personas is running', {
    auth: system.auth.url,
    dashboard: `${system.auth.url}/admin`,
    mcp: `${system.mcp.url}/mcp`,
    runner: system.runner.url,
    driver: system.runner.runner.deps.config.driver.kind,
  });
  close = () => system.close();
}
