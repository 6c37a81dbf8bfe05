/**
 * `npm start` on PostgreSQL: the three services run as supervised child
 * processes. A child killed with SIGKILL is reported and restarted; SIGTERM to
 * `npm start` stops every child and exits 0.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start on PostgreSQL: one supervised process per service', () => {
  it('restarts a crashed service and stops all three on SIGTERM', async () => {
    const start = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      env: { ...process.env, DATABASE_URL: database.url, MANA_AUTH_PORT: '0', MANA_MCP_PORT: '0', RUNNER_PORT: '0', MANA_AUTOSEED: '0', LOG_LEVEL: 'info', NODE_ENV: 'test' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const lines: Array<Record<string, unknown>> = [];
    createInterface({ input: start.stderr! }).on('line', (line) => {
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a log line
      }
    });
    const exited = new Promise<number | null>((resolve) => start.once('exit', (code) => resolve(code)));
    try {
      await expect.poll(async () => lines.some((line) => line.pids), { timeout: 240_000, interval: 250, message: 'the system to report its pids' }).toBe(true);
      const running = lines.find((line) => line.pids)!;
      const pids = running.pids as { auth: number; mcp: number; runner: number };
      const mcpUrl = String(running.mcp);
      expect((await fetch(mcpUrl.replace(/\/mcp$/, '/health'))).status).toBe(200);

      process.kill(pids.mcp, 'SIGKILL');
      await expect
        .poll(async () => lines.some((line) => line.msg === 'service exited unexpectedly; restarting' && line.child === 'mcp'), {
          timeout: 60_000,
          interval: 250,
          message: 'mana-mcp reported and restarted',
        })
        .toBe(true);
      await expect
        .poll(async () => (await fetch(mcpUrl.replace(/\/mcp$/, '/health')).catch(() => undefined))?.status === 200, {
          timeout: 240_000,
          interval: 250,
          message: 'mana-mcp answering again',
        })
        .toBe(true);

      start.kill('SIGTERM');
      expect(await exited).toBe(0);
      await expect.poll(async () => !alive(pids.auth) && !alive(pids.runner), { timeout: 30_000, interval: 250, message: 'every child gone' }).toBe(true);
      await expect
        .poll(async () => (await fetch(mcpUrl.replace(/\/mcp$/, '/health')).catch(() => undefined)) === undefined, {
          timeout: 30_000,
          interval: 250,
          message: 'the restarted mana-mcp gone too',
        })
        .toBe(true);
    } finally {
      if (start.exitCode === null) start.kill('SIGKILL');
    }
  });
});
