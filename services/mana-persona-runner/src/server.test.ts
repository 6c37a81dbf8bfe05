import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '@mana/core';
import { createInternalApi } from './clients/internal-api';
import { startRunner } from './server';
import { createScriptedDriver } from './testing/scripted-driver';
import { createRunnerStack, type RunnerStack } from './testing/stack';
import { UNTIL_EVENT } from './testing/wait';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let stack: RunnerStack;

beforeAll(async () => {
  stack = await createRunnerStack();
});
afterAll(async () => stack?.close());
beforeEach(async () => {
  await stack.database.query(`delete from users where kind = 'persona'`);
});

type TickRow = { id: string; persona_id: string; status: string; error: string | null; lease_owner: string | null; next_attempt_at: Date | null; attempt: number };

describe('runner as a child process', () => {
  it('SIGTERM mid-tick: drains, aborts past the deadline, exits 0; nothing lost or duplicated; the interrupted tick can be claimed again', async () => {
    // Four personas, one slot and one claimed ahead: by the SIGTERM one tick has succeeded, one is in flight,
    // one may be queued and one is left unclaimed. One slot keeps the CPU work before the signal (logins, days)
    // to one persona at a time: on a loaded machine the wait is the child's start and that work, not a timer.
    const personas = await stack.seed(4);
    const env = stack.env({
      PERSONA_CONCURRENCY: '1',
      PERSONA_CLAIM_AHEAD: '1',
      PERSONA_OFFLINE_DELAY_MS: '250',
      SHUTDOWN_DEADLINE_MS: '500',
      PASS_INTERVAL_MS: '3600000',
      LOG_LEVEL: 'info',
      RUNNER_ID: 'child-runner',
    });
    // node --import tsx, not the tsx CLI: the CLI relays SIGTERM to its child and SIGKILLs it when the
    // child does not acknowledge within 30 ms, which a loaded machine misses (exit 143, seen in CI).
    const child = spawn(process.execPath, ['--import', 'tsx', 'services/mana-persona-runner/src/server.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    let exitCode: number | null | undefined;
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => {
        exitCode = code;
        resolve(code);
      }),
    );

    const ticks = () => stack.database.query<TickRow>(`select id, persona_id, status, error, lease_owner, next_attempt_at, attempt from persona_ticks`);
    // Wait (only a hang guard: the child's start and first day take what a loaded machine gives them)
    // until one tick has finished and another is in flight, then pull the plug. A child that died fails at once.
    await vi.waitFor(async () => {
      if (exitCode !== undefined) return; // fails just below
      const rows = await ticks();
      expect(rows.some((t) => t.status === 'succeeded') && rows.some((t) => t.status === 'claimed' || t.status === 'running')).toBe(true);
    }, UNTIL_EVENT);
    expect(exitCode, `the runner exited before the SIGTERM:\n${output}`).toBeUndefined();
    child.kill('SIGTERM');
    const code = await exited;
    expect(code, output).toBe(0);
    expect(output).toContain('"msg":"stopped"');

    const rows = await ticks();
    // Every claimed tick was finished one way or the other; no lease lingers.
    expect(rows.every((t) => t.status === 'succeeded' || t.status === 'failed')).toBe(true);
    expect(rows.every((t) => t.lease_owner === null)).toBe(true);
    const interrupted = rows.filter((t) => t.status === 'failed');
    expect(interrupted.length).toBeGreaterThanOrEqual(1);
    for (const t of interrupted) {
      expect(t.error).toMatch(/^(aborted: runner shutting down|released before start: runner shutting down)$/);
      expect(t.next_attempt_at).not.toBeNull();
    }
    // Finished ticks: their actions exactly once, and their ratings.
    const dupes = await stack.database.query<{ n: number }>(`select count(*)::int as n from (select tick_id, call_id from persona_actions group by 1, 2 having count(*) > 1) d`);
    expect(dupes[0].n).toBe(0);
    for (const t of rows.filter((r) => r.status === 'succeeded')) {
      const [a] = await stack.database.query<{ n: number }>(`select count(*)::int as n from persona_actions where tick_id = $1`, [t.id]);
      const [f] = await stack.database.query<{ n: number }>(`select count(*)::int as n from persona_feedback where tick_id = $1`, [t.id]);
      expect(a.n).toBeGreaterThan(0);
      expect(f.n).toBeGreaterThan(0);
    }
    // Personas never claimed were left alone, due for the next runner.
    expect(rows.length).toBeLessThan(personas.length);

    // After the back-off the interrupted tick is claimable again, by another runner, as attempt 2.
    const retryAt = Math.max(...interrupted.map((t) => new Date(t.next_attempt_at!).getTime()));
    stack.advance(retryAt - stack.now().getTime() + 1_000);
    const api = createInternalApi({ authUrl: stack.authUrl, serviceKey: stack.env().MANA_SERVICE_KEY });
    const claims = await api.claim({ runnerId: 'second-runner', limit: 50, leaseMs: 60_000 });
    for (const t of interrupted) {
      const again = claims.find((c) => c.persona.userId === t.persona_id);
      expect(again, `persona ${t.persona_id} claimable again`).toBeDefined();
      if (again!.tickId === t.id) expect(again!.attempt).toBe(2);
    }
  });

  it('startRunner listens and runs the first tick at start, not one interval later', async () => {
    const [p] = await stack.seed(1);
    const running = await startRunner({ config: stack.config({ PASS_INTERVAL_MS: '3600000' }), driver: createScriptedDriver(), log: createLogger('t', { level: 'silent' }) });
    try {
      const health = await vi.waitFor(async () => {
        const body = (await (await fetch(`${running.url}/health`)).json()) as { lastPass: { claimed: number; succeeded: number } | null };
        expect(body.lastPass).not.toBeNull();
        return body;
      }, UNTIL_EVENT);
      expect(health.lastPass).toMatchObject({ claimed: 1, succeeded: 1 });
      const [tick] = await stack.database.query<{ persona_id: string; status: string }>(`select persona_id, status from persona_ticks`);
      expect(tick).toEqual({ persona_id: p.userId, status: 'succeeded' });
    } finally {
      expect(await running.shutdown()).toEqual({ drained: true });
    }
    await expect(fetch(`${running.url}/health`)).rejects.toThrow();
  });
});
