import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_BUFFERED_LOG_BYTES } from './logger';

const fixture = path.join(import.meta.dirname, 'testing', 'log-flood.ts');

/**
 * Runs the fixture with its stderr a pipe this test does not read until the
 * fixture has reported (a pipe holds 64 KiB), then reads it to the end.
 */
async function floodWithStalledReader(lines: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], { env: { ...process.env, LINES: String(lines) }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  child.stderr!.pause();
  const [report] = (await once(child, 'message')) as [{ logged: number; dropped: number }];
  const chunks: Buffer[] = [];
  child.stderr!.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr!.resume();
  const exited = once(child, 'exit');
  child.send('exit');
  const [code] = await exited;
  const received = Buffer.concat(chunks)
    .toString()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { msg: string; n: number });
  return { report, code, received };
}

describe('the logger on stderr', () => {
  it('does not block the process while the reader is stalled, and writes every line by exit', async () => {
    // 2,000 lines of ~1 KB: thirty times what the pipe holds. A synchronous write per line blocked here for good.
    const { report, code, received } = await floodWithStalledReader(2_000);
    expect(report).toEqual({ logged: 2_000, dropped: 0 });
    expect(code).toBe(0);
    expect(received.map((line) => line.n)).toEqual(Array.from({ length: 2_000 }, (_, n) => n));
  }, 60_000);

  it('drops lines beyond its buffer instead of growing without bound, and counts them', async () => {
    const lines = Math.ceil((MAX_BUFFERED_LOG_BYTES * 1.5) / 1_000);
    const { report, code, received } = await floodWithStalledReader(lines);
    expect(report.dropped).toBeGreaterThan(0);
    expect(code).toBe(0);
    // What was kept arrives whole and in order; kept and dropped add up to what was logged.
    expect(received.length + report.dropped).toBe(lines);
    const numbers = received.map((line) => line.n);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(received.length * 1_000).toBeLessThanOrEqual(MAX_BUFFERED_LOG_BYTES + 64 * 1024);
  }, 60_000);
});
