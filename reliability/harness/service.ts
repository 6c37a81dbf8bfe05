/**
 * One service as a real child process, started the way production starts it
 * (`node --import tsx scripts/start-service.ts <name>`), ready when it reports
 * its URL over IPC. Tests kill it (SIGKILL mid-tick), stop it (SIGTERM drain)
 * and start it again on the same port.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '@mana/core/testing/free-port';

const ENTRY = fileURLToPath(new URL('../../scripts/start-service.ts', import.meta.url));

export type ServiceName = 'auth' | 'mcp' | 'runner';

export interface ServiceProcess {
  name: ServiceName;
  url: string;
  port: number;
  child: ChildProcess;
  /** Resolves with the exit code or signal once the process has ended. */
  exited: Promise<string>;
  kill(signal: NodeJS.Signals): Promise<string>;
}

/** Starts one service on `port` (a free one when omitted) with `env` on top of the test's environment. */
export async function startService(name: ServiceName, env: Record<string, string>, port?: number): Promise<ServiceProcess> {
  const listen = port ?? (await freePort());
  const child = fork(ENTRY, [name], {
    env: { ...process.env, LOG_LEVEL: process.env.RELIABILITY_LOG_LEVEL ?? 'error', ...env, PORT: String(listen) },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready after 180 s`)), 180_000);
    child.on('message', (message: { type?: string; url?: string }) => {
      if (message?.type === 'ready' && message.url) {
        clearTimeout(timer);
        resolve(message.url);
      }
    });
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before it was ready (${how})`));
    });
  });
  return {
    name,
    url,
    port: listen,
    child,
    exited,
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
