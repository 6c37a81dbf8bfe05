import { beforeEach, describe, expect, it } from 'vitest';
import type { CompleteRequest } from '@mana/contracts';
import { manaRegistry } from '@mana/tools';
import { claimDue } from './claim';
import { completeTick } from './complete';
import { listDue } from './due';
import { heartbeat } from './heartbeat';
import { reportActions } from './report-actions';
import { insertPersonas } from './testing/test-fixtures';
import { usePersonaTestBed } from './testing/test-bed';

let clock: Date;
const tool = manaRegistry.tools()[0];
const usage = { inputTokens: 100, outputTokens: 50, costUsd: 0.01 };

const { deps } = usePersonaTestBed(() => clock);
beforeEach(async () => {
  clock = new Date('2026-01-07T09:00:00Z');
});

const claimOne = async () => (await claimDue(deps, { runnerId: 'r1', limit: 1, leaseMs: 600_000 })).claims[0];
const failed: CompleteRequest = { status: 'failed', usage, driver: 'offline', error: 'mcp down' };
const count = async (table: string) => (await deps.database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;

describe('completeTick', () => {
  it('writes remaining actions, feedback, usage and status at once; a retry writes nothing twice', async () => {
    await insertPersonas(deps.database, [{ id: 'kai', cadence: 'daily', timeZone: 'Europe/Berlin' }]);
    const { tickId } = await claimOne();
    const request: CompleteRequest = {
      runnerId: 'r1',
      status: 'succeeded',
      actions: [{ tickId, callId: 'call-1', toolName: tool.name, inputHash: 'x', result: 'ok', latencyMs: 30 }],
      feedback: [{ tickId, module: tool.module, rating: 5, notes: 'Top.', status: 'rated' }],
      usage,
      driver: 'offline',
      model: 'offline-v1',
    };
    const first = await completeTick(deps, tickId, request);
    expect(first).toEqual({ tickId, status: 'succeeded', attempt: 1, nextAttemptAt: null, gaveUp: false, insertedActions: 1, insertedFeedback: 1 });
    expect(await completeTick(deps, tickId, request)).toEqual({ ...first, insertedActions: 0, insertedFeedback: 0 });
    const [tick] = await deps.database.query(`select status, input_tokens, output_tokens, cost_usd, driver, model, lease_owner from persona_ticks`);
    expect(tick).toEqual({ status: 'succeeded', input_tokens: 100, output_tokens: 50, cost_usd: 0.01, driver: 'offline', model: 'offline-v1', lease_owner: null });
    const [persona] = await deps.database.query<{ last_active_at: Date }>(`select last_active_at from personas`);
    expect(new Date(persona.last_active_at)).toEqual(clock);
    await expect(completeTick(deps, tickId, { ...request, status: 'failed' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('stores a foreign tool with its reported module and accepts its rating; a registry tool with a wrong module or a rating for an unrelated module writes nothing', async () => {
    await insertPersonas(deps.database, [{ id: 'fay', cadence: 'daily', timeZone: 'Europe/Berlin' }]);
    const { tickId } = await claimOne();
    const other = manaRegistry.moduleIds().find((m) => m !== tool.module)!;
    const foreignCall = { tickId, callId: 'call-1', toolName: 'echo', module: 'everything', inputHash: 'x', result: 'ok' as const };
    const request: CompleteRequest = {
      runnerId: 'r1',
      status: 'succeeded',
      actions: [foreignCall],
      feedback: [{ tickId, module: 'everything', rating: 4, notes: 'Geht.', status: 'rated' }],
      usage,
      driver: 'offline',
    };
    const wrongModule = { ...request, actions: [foreignCall, { tickId, callId: 'call-2', toolName: tool.name, module: other, inputHash: 'y', result: 'ok' as const }] };
    await expect(completeTick(deps, tickId, wrongModule)).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining(`tool ${tool.name}`) });
    const unrelated = { ...request, feedback: [{ tickId, module: 'everythng', rating: 4, status: 'rated' as const }] };
    await expect(completeTick(deps, tickId, unrelated)).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('unknown module "everythng"') });
    expect([await count('persona_actions'), await count('persona_feedback')]).toEqual([0, 0]);
    const [open] = await deps.database.query(`select status, finished_at from persona_ticks`);
    expect(open).toEqual({ status: 'claimed', finished_at: null });
    expect(await completeTick(deps, tickId, request)).toMatchObject({ status: 'succeeded', insertedActions: 1, insertedFeedback: 1 });
    expect(await deps.database.query(`select tool_name, module from persona_actions`)).toEqual([{ tool_name: 'echo', module: 'everything' }]);
    expect(await deps.database.query(`select module, rating from persona_feedback`)).toEqual([{ module: 'everything', rating: 4 }]);
  });

  it('accepts a rating for the module of an action reported earlier in the tick', async () => {
    await insertPersonas(deps.database, [{ id: 'gus', cadence: 'daily', timeZone: 'Europe/Berlin' }]);
    const { tickId } = await claimOne();
    await reportActions(deps, 'gus', [{ tickId, callId: 'call-1', toolName: 'echo', module: 'everything', inputHash: 'x', result: 'ok' }]);
    const request: CompleteRequest = { status: 'succeeded', feedback: [{ tickId, module: 'everything', rating: 2, status: 'rated' }], usage, driver: 'offline' };
    expect(await completeTick(deps, tickId, request)).toMatchObject({ insertedActions: 0, insertedFeedback: 1 });
  });

  it('failed: back-off 1 then 2 minutes, given up after the third attempt until the next slot', async () => {
    await insertPersonas(deps.database, [{ id: 'paul', cadence: 'daily', timeZone: 'UTC' }]);
    const first = await claimOne();
    expect(await completeTick(deps, first.tickId, failed)).toMatchObject({ status: 'failed', attempt: 1, nextAttemptAt: '2026-01-07T09:01:00.000Z', gaveUp: false });
    expect(await completeTick(deps, first.tickId, failed)).toMatchObject({ attempt: 1, nextAttemptAt: '2026-01-07T09:01:00.000Z' }); // retry: no double back-off
    clock = new Date('2026-01-07T09:00:59Z');
    expect((await listDue(deps, { limit: 10 })).personas).toEqual([]);
    clock = new Date('2026-01-07T09:01:00Z');
    const second = await claimOne();
    expect(second).toMatchObject({ tickId: first.tickId, attempt: 2 });
    expect(await completeTick(deps, second.tickId, failed)).toMatchObject({ attempt: 2, nextAttemptAt: '2026-01-07T09:03:00.000Z' });
    clock = new Date('2026-01-07T09:03:00Z');
    const third = await claimOne();
    expect(third.attempt).toBe(3);
    expect(await completeTick(deps, third.tickId, failed)).toMatchObject({ attempt: 3, nextAttemptAt: null, gaveUp: true });
    clock = new Date('2026-01-07T23:59:00Z');
    expect(await claimDue(deps, { runnerId: 'r1', limit: 5, leaseMs: 60_000 })).toEqual({ claims: [] });
    clock = new Date('2026-01-08T00:00:00Z');
    expect(await claimOne()).toMatchObject({ slot: '2026-01-08', attempt: 1 });
    const [{ usd }] = await deps.database.query<{ usd: number }>(`select sum(cost_usd)::float as usd from persona_ticks`);
    expect(usd).toBeCloseTo(0.03); // usage adds up over the attempts of a slot
  });

  it('back-off never reaches past the end of the slot', async () => {
    await insertPersonas(deps.database, [{ id: 'hour', cadence: 'hourly', timeZone: 'Europe/Berlin' }]);
    clock = new Date('2026-01-07T09:59:30Z');
    const { tickId } = await claimOne();
    expect(await completeTick(deps, tickId, failed)).toMatchObject({ nextAttemptAt: '2026-01-07T10:00:00.000Z' });
  });

  it('a rejected completion writes nothing: unknown module, a row of another tick, another runner', async () => {
    await insertPersonas(deps.database, [{ id: 'julia', cadence: 'daily', timeZone: 'UTC' }]);
    const { tickId } = await claimOne();
    const base: CompleteRequest = {
      runnerId: 'r1',
      status: 'succeeded',
      actions: [{ tickId, callId: 'a', toolName: tool.name, inputHash: 'x', result: 'ok' }],
      feedback: [{ tickId, module: 'no-such-module', rating: 3, status: 'rated' }],
      usage,
      driver: 'offline',
    };
    await expect(completeTick(deps, tickId, base)).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(completeTick(deps, tickId, { ...base, feedback: [], actions: [{ ...base.actions![0], tickId: 'tick_else' }] })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(completeTick(deps, tickId, { ...base, feedback: [], runnerId: 'r2' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(completeTick(deps, 'tick_unknown', { ...base, feedback: [], actions: [] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await count('persona_actions')).toBe(0);
    const [tick] = await deps.database.query<{ status: string; input_tokens: number }>(`select status, input_tokens from persona_ticks`);
    expect(tick).toEqual({ status: 'claimed', input_tokens: 0 });
  });
});

describe('attempts: a reclaimed tick refuses every late report of an earlier attempt', () => {
  /** Attempt 1 by r1 (lease until 09:10), the lease expires, and the SAME runner reclaims the tick: attempt 2. */
  const reclaimBySameRunner = async () => {
    await insertPersonas(deps.database, [{ id: 'mara', cadence: 'daily', timeZone: 'UTC' }]);
    const first = await claimOne();
    clock = new Date('2026-01-07T09:10:01Z');
    const second = await claimOne();
    expect(second).toMatchObject({ tickId: first.tickId, attempt: 2 });
    return second.tickId;
  };
  const action = (tickId: string, callId: string, attempt: number | undefined, inputHash: string) =>
    ({ tickId, attempt, callId, toolName: tool.name, inputHash, result: 'ok' }) as const;
  /** Every row a report could touch. */
  const snapshot = async () => ({
    ticks: await deps.database.query(`select * from persona_ticks order by id`),
    actions: await deps.database.query(`select * from persona_actions order by id`),
    feedback: await deps.database.query(`select * from persona_feedback order by id`),
    personas: await deps.database.query(`select user_id, last_active_at, next_due_at from personas order by user_id`),
  });

  it('a late completion of attempt 1 is a 409 CONFLICT and leaves attempt 2 untouched; attempt 2 still completes', async () => {
    const tickId = await reclaimBySameRunner();
    expect(await reportActions(deps, 'mara', [action(tickId, 'call-1', 2, 'new')])).toEqual({ inserted: 1 });
    const before = await snapshot();
    expect(before.ticks).toMatchObject([{ id: tickId, status: 'running', attempt: 2, lease_owner: 'r1', finished_at: null, input_tokens: 0, error: null }]);
    expect(before.actions).toMatchObject([{ call_id: 'call-1', input_hash: 'new' }]);
    expect(before.feedback).toEqual([]);

    const late: CompleteRequest = {
      runnerId: 'r1',
      attempt: 1,
      status: 'succeeded',
      actions: [action(tickId, 'call-1', 1, 'old'), action(tickId, 'call-2', 1, 'old')],
      feedback: [{ tickId, module: tool.module, rating: 1, notes: 'from the dead attempt', status: 'rated' }],
      usage,
      driver: 'offline',
    };
    const message = `Tick ${tickId} is on attempt 2; this report is for attempt 1`;
    await expect(completeTick(deps, tickId, late)).rejects.toMatchObject({ code: 'CONFLICT', message });
    await expect(completeTick(deps, tickId, { ...late, status: 'failed', error: 'timed out' })).rejects.toMatchObject({ code: 'CONFLICT', message });
    // Rows stamped with attempt 1 inside a completion that names no attempt are refused as well.
    await expect(completeTick(deps, tickId, { ...late, attempt: undefined, feedback: [] })).rejects.toMatchObject({ code: 'CONFLICT', message });
    expect(await snapshot()).toEqual(before);

    const current = await completeTick(deps, tickId, {
      ...late,
      attempt: 2,
      actions: [action(tickId, 'call-2', 2, 'new')],
      feedback: [{ ...late.feedback![0], rating: 4, notes: 'ok' }],
    });
    expect(current).toEqual({ tickId, status: 'succeeded', attempt: 2, nextAttemptAt: null, gaveUp: false, insertedActions: 1, insertedFeedback: 1 });
    const after = await snapshot();
    expect(after.ticks).toMatchObject([{ status: 'succeeded', attempt: 2, lease_owner: null, input_tokens: 100 }]);
    expect(after.actions.map((a) => a.input_hash)).toEqual(['new', 'new']);
    expect(after.feedback).toMatchObject([{ rating: 4, notes: 'ok' }]);
    // Even after attempt 2 finished, the late attempt-1 completion is refused, not taken for an idempotent replay.
    await expect(completeTick(deps, tickId, late)).rejects.toMatchObject({ code: 'CONFLICT', message });
    expect(await snapshot()).toEqual(after);
  });

  it('a late heartbeat or action batch of attempt 1 is a CONFLICT and writes nothing; attempt 2 and attempt-less reports pass', async () => {
    const tickId = await reclaimBySameRunner();
    const before = await snapshot();
    expect(before.ticks).toMatchObject([{ status: 'claimed', attempt: 2, lease_owner: 'r1' }]);
    const message = `Tick ${tickId} is on attempt 2; this report is for attempt 1`;
    await expect(heartbeat(deps, { tickId, runnerId: 'r1', leaseMs: 600_000, attempt: 1 })).rejects.toMatchObject({ code: 'CONFLICT', message });
    await expect(reportActions(deps, 'mara', [action(tickId, 'call-1', 1, 'old')])).rejects.toMatchObject({ code: 'CONFLICT', message });
    await expect(reportActions(deps, 'mara', [action(tickId, 'call-1', 2, 'new'), action(tickId, 'call-2', 1, 'old')])).rejects.toMatchObject({ code: 'CONFLICT', message });
    expect(await snapshot()).toEqual(before);

    expect(await heartbeat(deps, { tickId, runnerId: 'r1', leaseMs: 600_000, attempt: 2 })).toEqual({ leaseExpiresAt: '2026-01-07T09:20:01.000Z' });
    expect(await reportActions(deps, 'mara', [action(tickId, 'call-1', 2, 'new'), action(tickId, 'call-2', undefined, 'new')])).toEqual({ inserted: 2 });
    expect(await heartbeat(deps, { tickId, runnerId: 'r1', leaseMs: 600_000 })).toEqual({ leaseExpiresAt: '2026-01-07T09:20:01.000Z' });
    expect(await count('persona_actions')).toBe(2);
  });
});
