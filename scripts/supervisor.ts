/**
 * `npm start` on PostgreSQL: mana-auth, mana-mcp and the runner as three child
 * processes (`scripts/start-service.ts`), so the machine's cores are used. Like
 * a small process manager: children start in order (auth first: it migrates),
 * each reports ready over IPC; a child that exits unexpectedly is reported and
 * restarted with back-off; stop() drains the runner first (it still reports to
 * auth and mcp), then stops mcp and auth.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DEV_SERVICE_KEY, type Logger } from '@mana/core';
import { DEFAULT_PORTS, SERVICES, type ServiceName } from './service-names';

const ENTRY = fileURLToPath(new URL('./start-service.ts', import.meta.url));
const NAMES = Object.keys(SERVICES) as ServiceName[];
const MAX_BACKOFF_MS = 30_000;

export interface SupervisedSystem {
  urls: Record<ServiceName, string>;
  /** Pid of each running child (tests kill one to see it come back). */
  pids(): Record<ServiceName, number | undefined>;
  /** How often each child was restarted after an unexpected exit. */
  restarts: Record<ServiceName, number>;
  /** SIGTERM to the runner (drain), then to mcp and auth; SIGKILL after `killAfterMs`. */
  stop(killAfterMs?: number): Promise<void>;
}

/** Starts the three services as supervised children on the ports named in `env` (0 picks free ones). */
export async function superviseServices(options: { env: Record<string, string | undefined>; log: Logger }): Promise<SupervisedSystem> {
  const { log } = options;
  const ports = {} as Record<ServiceName, number>;
  for (const name of NAMES) ports[name] = await resolvePort(options.env[SERVICES[name]], DEFAULT_PORTS[name]);
  const authUrl = options.env.MANA_AUTH_URL ?? `http://localhost:${ports.auth}`;
  // As the one-process start does: in development the runner uses mana-auth's default service key.
  const serviceKey = options.env.MANA_SERVICE_KEY ?? (options.env.NODE_ENV === 'production' ? undefined : DEV_SERVICE_KEY);
  const env = { ...options.env, MANA_AUTH_URL: authUrl, MANA_MCP_URL: options.env.MANA_MCP_URL ?? `http://127.0.0.1:${ports.mcp}/mcp`, MANA_SERVICE_KEY: serviceKey };
  const children = {} as Record<ServiceName, ChildProcess | undefined>;
  const restarts = { auth: 0, mcp: 0, runner: 0 } as Record<ServiceName, number>;
  const urls = {} as Record<ServiceName, string>;
  let stopping = false;

  const spawnChild = (name: ServiceName): Promise<string> =>
    new Promise((resolve, reject) => {
      const child = fork(ENTRY, [name], { env: { ...env, PORT: String(ports[name]) }, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      children[name] = child;
      let ready = false;
      child.on('message', (message: { type?: string; url?: string }) => {
        if (message?.type !== 'ready' || !message.url) return;
        ready = true;
        resolve(message.url);
      });
      child.once('exit', (code, signal) => {
        children[name] = undefined;
        if (!ready) return reject(new Error(`${name} exited before it was ready (code ${code}, signal ${signal})`));
        if (stopping) return;
        restarts[name] += 1;
        const delayMs = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(restarts[name] - 1, 6));
        log.error('service exited unexpectedly; restarting', { child: name, code, signal, restart: restarts[name], delayMs });
        setTimeout(() => {
          if (!stopping) spawnChild(name).catch((error: unknown) => log.error('restart failed', { child: name, error: (error as Error).message }));
        }, delayMs).unref();
      });
    });

  try {
    for (const name of NAMES) urls[name] = await spawnChild(name);
  } catch (error) {
    stopping = true;
    await Promise.all(NAMES.map((name) => stopChild(children[name], 5_000)));
    throw error;
  }

  return {
    urls,
    restarts,
    pids: () => ({ auth: children.auth?.pid, mcp: children.mcp?.pid, runner: children.runner?.pid }),
    async stop(killAfterMs = 60_000) {
      stopping = true;
      await stopChild(children.runner, killAfterMs);
      await Promise.all([stopChild(children.mcp, killAfterMs), stopChild(children.auth, killAfterMs)]);
    },
  };
}

/** SIGTERM, then SIGKILL when the child has not exited after `killAfterMs`. */
function stopChild(child: ChildProcess | undefined, killAfterMs: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The port named in a variable, the default when unset, a free port for "0". */
async function resolvePort(value: string | undefined, fallback: number): Promise<number> {
  const port = value === undefined || value === '' ? fallback : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port "${value}"`);
  if (port !== 0) return port;
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const free = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return free;
}
