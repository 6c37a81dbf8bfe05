/** Starts `bench-services.ts` as a child process and talks its line protocol (benchmarks only). */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface BenchServices {
  authUrl: string;
  mcpUrl: string;
  serviceKey: string;
  /** Child process id, for reading its CPU time. */
  pid: number;
  seed(n: number): Promise<string[]>;
  close(): Promise<void>;
}

export async function startBenchServices(): Promise<BenchServices> {
  const root = fileURLToPath(new URL('../../../../', import.meta.url));
  // node --import tsx (not the tsx wrapper) so `pid` is the process doing the work.
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./bench-services.ts', import.meta.url))], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: process.env,
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async <T>(key: string): Promise<T> => {
    for (;;) {
      const { value, done } = await lines.next();
      if (done) throw new Error('bench services exited');
      const parsed = JSON.parse(value) as Record<string, T>;
      if (key in parsed) return parsed[key];
    }
  };
  const ready = await next<{ authUrl: string; mcpUrl: string; serviceKey: string }>('ready');
  return {
    ...ready,
    pid: child.pid!,
    async seed(n) {
      child.stdin.write(`seed ${n}\n`);
      return next<string[]>('seeded');
    },
    async close() {
      child.stdin.write('quit\n');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
