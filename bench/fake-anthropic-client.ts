/** Starts `bench/fake-anthropic-day.ts` as a child process (benchmarks only). */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface FakeAnthropicProcess {
  /** Base URL for ANTHROPIC_BASE_URL. */
  url: string;
  /** Stops the child; resolves with the number of requests it answered. */
  close(): Promise<number>;
}

export async function startFakeAnthropicProcess(latencyMs: number): Promise<FakeAnthropicProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fake-anthropic-day.ts', import.meta.url)), String(latencyMs)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async <T>(key: string): Promise<T> => {
    for (;;) {
      const { value, done } = await lines.next();
      if (done) throw new Error('fake Anthropic process exited');
      const parsed = JSON.parse(value) as Record<string, T>;
      if (key in parsed) return parsed[key];
    }
  };
  const { url } = await next<{ url: string }>('ready');
  return {
    url,
    async close() {
      child.stdin.write('quit\n');
      const { requests } = await next<{ requests: number }>('stats');
      await new Promise((resolve) => child.once('exit', resolve));
      return requests;
    },
  };
}
