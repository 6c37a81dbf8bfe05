/**
 * §2.3 faults of the services around the runner, every one a real process:
 * mana-mcp killed while sessions are in flight and while it is down, mana-auth
 * killed mid-run, and PostgreSQL "restarted" (every connection of every service
 * dropped and refused for 2 s, through a TCP proxy, so the machine's server is
 * left alone). Each time the runner stays up, nothing is half-written, nothing
 * stays leased, no action is stored twice, and the ticks finish on their own
 * once the service is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceProcess } from './harness/service';
import { startStack, type Stack } from './harness/stack';
import { startTcpProxy, type TcpProxy } from './harness/tcp-proxy';

// Think time per step so sessions are in flight when a service dies; a short lease so lost ones come back quickly.
const runnerEnv = {
  PERSONA_OFFLINE_DELAY_MS: '250',
  PERSONA_LEASE_MS: '4000',
  PERSONA_CONCURRENCY: '6',
  PASS_INTERVAL_MS: '300',
  RUNNER_HTTP_TIMEOUT_MS: '5000',
  PERSONA_MCP_TIMEOUT_MS: '5000',
};

let stack: Stack;
let pg: TcpProxy;
let mcp: ServiceProcess;
let runner: ServiceProcess;
beforeAll(async () => {
  stack = await startStack({
    runnerEnv,
    processDatabaseUrl: async (url) => {
      const target = new URL(url);
      pg = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
      target.port = String(pg.port);
      return target.toString();
    },
  });
  mcp = await stack.startMcp();
  runner = await stack.startRunner(`${mcp.url}/mcp`);
});
afterAll(async () => {
  await stack?.close();
  await pg?.close();
});

interface TickRow {
  id: string;
  status: string;
  attempt: number;
  error: string | null;
  next_attempt_at: Date | null;
  ratings: number;
}

const ticksOf = (personaIds: string[]) =>
  stack.database.query<TickRow>(
    `select t.id, t.status, t.attempt, t.error, t.next_attempt_at,
       (select count(*)::int from persona_feedback f where f.tick_id = t.id and f.status = 'rated') as ratings
     from persona_ticks t where t.persona_id in (select jsonb_array_elements_text($1::jsonb)) order by t.id`,
    [JSON.stringify(personaIds)],
  );
const allAre = async (personaIds: string[], statuses: string[]) => {
  const rows = await ticksOf(personaIds);
  return rows.length === personaIds.length && rows.every((t) => statuses.includes(t.status));
};
const inFlight = async () => (await stack.database.query<{ n: number }>(`select count(*)::int as n from persona_ticks where status in ('claimed', 'running')`))[0]!.n;
/** Passes of the runner whose claim failed (mana-auth unreachable), from its /metrics. */
const claimErrors = async () => {
  const metrics = await (await fetch(`${runner.url}/metrics`)).text();
  return Number(/^persona_runner_passes_total\{outcome="claim_error"\} (\d+)$/m.exec(metrics)?.[1] ?? 0);
};
const healthy = async (service: ServiceProcess) => (await fetch(`${service.url}/health`).catch(() => undefined))?.status === 200;

async function expectClean(): Promise<void> {
  expect(runner.child.exitCode).toBeNull();
  expect(await healthy(runner)).toBe(true);
  const [dupes] = await stack.database.query<{ n: number }>(`select count(*)::int as n from (select tick_id, call_id from persona_actions group by 1, 2 having count(*) > 1) d`);
  expect(dupes!.n).toBe(0);
  // A failed day leaves no rating; a succeeded one has its actions.
  const [halfWritten] = await stack.database.query<{ n: number }>(
    `select count(*)::int as n from persona_ticks t where (t.status = 'failed' and exists (select 1 from persona_feedback f where f.tick_id = t.id and f.status = 'rated'))
       or (t.status = 'succeeded' and not exists (select 1 from persona_actions a where a.tick_id = t.id))`,
  );
  expect(halfWritten!.n).toBe(0);
}

describe('faults of mana-mcp, mana-auth and PostgreSQL (all real processes)', () => {
  it('mana-mcp killed mid-session and down: calls fail as errors, ticks that cannot connect fail with a back-off, all recover once it is back', async () => {
    const during = await stack.seedPersonas(6);
    await expect.poll(async () => (await inFlight()) > 0, { timeout: 120_000, interval: 250, message: 'sessions in flight' }).toBe(true);
    await mcp.kill('SIGKILL');
    const whileDown = await stack.seedPersonas(3);
    await expect
      .poll(() => allAre([...during, ...whileDown], ['succeeded', 'failed']), { timeout: 180_000, interval: 250, message: 'every tick to end while mana-mcp is down' })
      .toBe(true);
    // Those that never reached mana-mcp failed with the connect error, and wait for their back-off.
    for (const tick of await ticksOf(whileDown)) {
      expect(tick.status).toBe('failed');
      expect(tick.error).toMatch(/MCP|fetch failed|ECONNREFUSED|connect/i);
      expect(tick.next_attempt_at).not.toBeNull();
    }
    // Sessions cut mid-way recorded their failed calls as what the persona experienced.
    const [cut] = await stack.database.query<{ n: number }>(
      `select count(*)::int as n from persona_actions where result = 'error' and persona_id in (select jsonb_array_elements_text($1::jsonb))`,
      [JSON.stringify(during)],
    );
    expect(cut!.n + (await ticksOf(during)).filter((t) => t.status === 'failed').length).toBeGreaterThan(0);
    await expectClean();

    mcp = await stack.startMcp(mcp.port);
    // The first back-off is 60 s.
    await expect
      .poll(() => allAre([...during, ...whileDown], ['succeeded']), { timeout: 300_000, interval: 250, message: 'the failed ticks to succeed on their retry' })
      .toBe(true);
    expect(await inFlight()).toBe(0);
    await expectClean();
  });

  it('mana-auth killed mid-run: the runner stays up, and the interrupted ticks finish after it is back', async () => {
    const personas = await stack.seedPersonas(8);
    await expect.poll(async () => (await inFlight()) > 0, { timeout: 120_000, interval: 250, message: 'sessions in flight' }).toBe(true);
    const refusedBefore = await claimErrors();
    await stack.stopAuth();
    // Not a fixed 3 s: the runner has met the outage (a pass's claim failed against the dead mana-auth) and is still up.
    await expect.poll(claimErrors, { timeout: 120_000, interval: 250, message: 'a pass whose claim met the dead mana-auth' }).toBeGreaterThan(refusedBefore);
    expect(runner.child.exitCode).toBeNull();
    expect(await healthy(runner)).toBe(true);
    await stack.startAuth();
    await expect.poll(() => allAre(personas, ['succeeded']), { timeout: 300_000, interval: 250, message: 'every tick to succeed after mana-auth is back' }).toBe(true);
    expect(await inFlight()).toBe(0);
    await expectClean();
  });

  it('PostgreSQL restarted mid-run (every connection dropped, refused for 2 s): the pools reconnect and the ticks finish', async () => {
    const personas = await stack.seedPersonas(8);
    await expect.poll(async () => (await inFlight()) > 0, { timeout: 120_000, interval: 250, message: 'sessions in flight' }).toBe(true);
    const acceptedBefore = pg.accepted;
    await pg.restart(2_000);
    await expect.poll(() => allAre(personas, ['succeeded']), { timeout: 300_000, interval: 250, message: 'every tick to succeed after the restart' }).toBe(true);
    expect(pg.accepted).toBeGreaterThan(acceptedBefore);
    for (const service of [stack.auth, mcp, runner]) {
      expect(service.child.exitCode, service.name).toBeNull();
      expect(await healthy(service), service.name).toBe(true);
    }
    expect(await inFlight()).toBe(0);
    await expectClean();
  });
});
