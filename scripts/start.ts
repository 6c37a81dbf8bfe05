/**
 * `npm start`: the whole system in one process — mana-auth, mana-mcp and the
 * persona runner — on one database. Without DATABASE_URL that is the embedded
 * PGlite under `.mana/pglite` (an on-disk PGlite folder serves one process, so
 * the services share this one instance).
 */
import { ensureDashboardBuilt } from '@mana/auth';
import { createLogger } from '@mana/core';
import { startSystem } from './system';

const log = createLogger('mana');
// A hash check when the bundle is current; a Vite build (seconds) only after its sources changed.
const dashboard = await ensureDashboardBuilt();
if (dashboard.built) log.info('dashboard built', { ms: Math.round(dashboard.ms) });
const system = await startSystem({ log });

log.info('Mana Personas is running', {
  auth: system.auth.url,
  dashboard: `${system.auth.url}/admin`,
  mcp: `${system.mcp.url}/mcp`,
  runner: system.runner.url,
  driver: system.runner.runner.deps.config.driver.kind,
});

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info('shutting down', { signal });
  await system.close();
  process.exit(0);
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
