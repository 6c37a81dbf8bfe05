import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_TICK_RECORD_BYTES, TICK_RECORD_VERSION, type CompleteRequest, type TickRecord } from '@mana/contracts';
import { createLogger, derivePersonaPassword, DEV_SERVICE_KEY } from '@mana/core';
import { manaRegistry } from '@mana/tools';
import { claimDue } from './claim';
import { completeTick } from './complete';
import { insertPersonas } from './testing/test-fixtures';
import { usePersonaTestBed } from './testing/test-bed';
import { startRecordRetention } from './record-retention';
import { rememberGeneratedPassword } from './stored-redaction';
import { deleteOldRecords } from './tick-records';

let clock: Date;
const tool = manaRegistry.tools()[0];
const usage = { inputTokens: 0, outputTokens: 0, costUsd: 0 };
const { deps } = usePersonaTestBed(() => clock);
beforeEach(() => {
  clock = new Date('2026-01-07T09:00:00Z');
});

const config = { serviceKey: DEV_SERVICE_KEY, authSecret: 'auth-secret-for-record-tests-0123456789', personaSeedSecret: 'seed-secret-for-record-tests' };
const claimOne = async () => (await claimDue(deps, { runnerId: 'r1', limit: 1, leaseMs: 600_000 })).claims[0];
const count = async (table: string) => (await deps.database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;

function recordOf(callId: string, extra: Partial<TickRecord> = {}): TickRecord {
  return {
    version: TICK_RECORD_VERSION,
    driver: 'offline',
    model: 'offline-policy-v1',
    termination: 'completed',
    startedAt: '2026-01-07T08:59:00.000Z',
    endedAt: '2026-01-07T08:59:30.000Z',
    truncated: false,
    entries: [
      { type: 'message', at: '2026-01-07T08:59:00.000Z', kind: 'intent', text: 'Heute: Aufgaben.' },
      {
        type: 'call',
        at: '2026-01-07T08:59:01.000Z',
        callId,
        toolName: tool.name,
        module: tool.module,
        arguments: { title: 'Zahnarzt' },
        result: 'ok',
        output: '{"id":"t1"}',
        latencyMs: 12,
      },
      { type: 'rating', at: '2026-01-07T08:59:30.000Z', answer: '{"ratings":[]}' },
    ],
    ...extra,
  };
}

describe("the day's record on completion", () => {
  it("is stored with the completion in one transaction, with each action's time of call; a retry keeps one record", async () => {
    await insertPersonas(deps.database, [{ id: 'ina', cadence: 'daily', timeZone: 'Europe/Berlin' }]);
    const { tickId } = await claimOne();
    const request: CompleteRequest = {
      status: 'succeeded',
      usage,
      driver: 'offline',
      actions: [{ tickId, callId: 'c1', toolName: tool.name, inputHash: 'h', result: 'ok', latencyMs: 12, calledAt: '2026-01-07T08:59:01.000Z' }],
      record: recordOf('c1'),
    };
    await completeTick({ ...deps, config }, tickId, request);
    await completeTick({ ...deps, config }, tickId, request);
    const rows = await deps.database.query<{ version: number; record: TickRecord; truncated: boolean; bytes: number }>(
      `select version, record, truncated, bytes from persona_tick_records`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ version: 1, truncated: false, record: recordOf('c1') });
    expect(rows[0].bytes).toBeGreaterThan(100);
    const [action] = await deps.database.query<{ called_at: Date; created_at: Date }>(`select called_at, created_at from persona_actions`);
    expect(new Date(action.called_at).toISOString()).toBe('2026-01-07T08:59:01.000Z');
    expect(new Date(action.created_at)).toEqual(clock);
  });

  it("never stores the server's secrets, tokens or keys, whatever the runner sent", async () => {
    await insertPersonas(deps.database, [{ id: 'ole', cadence: 'daily', timeZone: 'Europe/Berlin' }]);
    const { tickId } = await claimOne();
    const leaky = recordOf('c1');
    leaky.entries[1] = {
      ...(leaky.entries[1] as Extract<TickRecord['entries'][number], { type: 'call' }>),
      arguments: { title: `key ${DEV_SERVICE_KEY}`, apiKey: 'plain-value' },
      result: 'error',
      output: undefined,
      error: `401 for Bearer abcdefghijklmnop and ${config.personaSeedSecret}`,
    };
    await completeTick({ ...deps, config }, tickId, { status: 'failed', usage, driver: 'offline', error: 'x', record: leaky });
    const [{ text }] = await deps.database.query<{ text: string }>(`select record::text as text from persona_tick_records`);
    for (const secret of [DEV_SERVICE_KEY, 'plain-value', 'abcdefghijklmnop', config.personaSeedSecret]) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });

  it("one redaction for everything stored from a runner: the tick error, error messages, notes and the record lose the persona's password, a bare refresh token and a generated admin password (issue 24 §4)", async () => {
    await insertPersonas(deps.database, [{ id: 'rex', cadence: 'daily', timeZone: 'Europe/Berlin' }]);
    const { tickId } = await claimOne();
    const password = derivePersonaPassword(config.personaSeedSecret, 'persona.rex@fixture.test');
    const refreshToken = 'Zq8rT2mKx9LpW4vN7bC1dF6gH3jS5aE0';
    const adminPassword = 'generated-admin-password-0123';
    rememberGeneratedPassword(adminPassword);
    await deps.database.query(`insert into sessions (id, expires_at, token, user_id) values ('s-rex', now() + interval '1 day', $1, 'rex')`, [refreshToken]);
    const leaks = `pw ${password} token ${refreshToken} admin ${adminPassword} seed ${config.personaSeedSecret} word ${'Aa'.repeat(16)}`;
    const leaky = recordOf('c1');
    leaky.entries[0] = { type: 'message', at: '2026-01-07T08:59:00.000Z', kind: 'say', text: leaks };
    await completeTick({ ...deps, config }, tickId, {
      status: 'failed',
      usage,
      driver: 'offline',
      error: leaks,
      actions: [{ tickId, callId: 'c1', toolName: tool.name, inputHash: 'h', result: 'error', errorMessage: leaks }],
      feedback: [{ tickId, module: tool.module, rating: 1, notes: leaks, status: 'rated' }],
      record: leaky,
    });
    const [row] = await deps.database.query<{ text: string }>(
      `select concat_ws(' | ', t.error, a.error_message, f.notes, r.record::text) as text from persona_ticks t
         join persona_actions a on a.tick_id = t.id join persona_feedback f on f.tick_id = t.id join persona_tick_records r on r.tick_id = t.id`,
    );
    for (const secret of [password, refreshToken, adminPassword, config.personaSeedSecret]) expect(row.text).not.toContain(secret);
    expect(row.text.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(16);
    // A 32-character word that is no live token stays.
    expect(row.text).toContain(`word ${'Aa'.repeat(16)}`);
  });

  it('cuts a record over the cap, keeps its rating answer, stores the actions and says so on the tick (issue 24 §1)', async () => {
    await insertPersonas(deps.database, [{ id: 'pia', cadence: 'daily', timeZone: 'Europe/Berlin' }]);
    const { tickId } = await claimOne();
    const says = Array.from({ length: 40 }, () => ({ type: 'message' as const, at: '2026-01-07T08:59:00.000Z', kind: 'say' as const, text: 'x'.repeat(8_000) }));
    const huge = recordOf('c1', { entries: [...says, { type: 'rating', at: '2026-01-07T08:59:30.000Z', answer: '{"ratings":[]}' }] });
    const actions = [{ tickId, callId: 'c1', toolName: tool.name, inputHash: 'h', result: 'ok' as const }];
    const feedback = [{ tickId, module: tool.module, rating: 4, status: 'rated' as const }];
    expect(await completeTick(deps, tickId, { status: 'succeeded', usage, driver: 'offline', actions, feedback, record: huge })).toMatchObject({
      insertedActions: 1,
      insertedFeedback: 1,
    });
    const [stored] = await deps.database.query<{ record: TickRecord; truncated: boolean; bytes: number }>(`select record, truncated, bytes from persona_tick_records`);
    expect(stored.truncated).toBe(true);
    expect(stored.bytes).toBeLessThanOrEqual(MAX_TICK_RECORD_BYTES);
    expect(stored.record.entries.at(-1)).toMatchObject({ type: 'rating' });
    expect(stored.record.entries.at(-2)).toMatchObject({ type: 'cut' });
    const [tick] = await deps.database.query(`select status, record_error from persona_ticks`);
    expect(tick).toEqual({ status: 'succeeded', record_error: expect.stringMatching(new RegExp(`^record cut: \\d+ bytes, at most ${MAX_TICK_RECORD_BYTES}$`)) });
  });

  it('drops a value that is no record, stores the actions and ratings and says so on the tick (issue 24 §1)', async () => {
    await insertPersonas(deps.database, [{ id: 'udo', cadence: 'daily', timeZone: 'Europe/Berlin' }]);
    const { tickId } = await claimOne();
    const actions = [{ tickId, callId: 'c1', toolName: tool.name, inputHash: 'h', result: 'ok' as const }];
    const feedback = [{ tickId, module: tool.module, rating: 2, status: 'rated' as const }];
    const notARecord = { ...recordOf('c1'), version: 99 };
    expect(await completeTick(deps, tickId, { status: 'succeeded', usage, driver: 'offline', actions, feedback, record: notARecord })).toMatchObject({
      insertedActions: 1,
      insertedFeedback: 1,
    });
    expect(await count('persona_tick_records')).toBe(0);
    const [tick] = await deps.database.query(`select status, record_error from persona_ticks`);
    expect(tick).toEqual({ status: 'succeeded', record_error: expect.stringMatching(/^record dropped: not a day's record \(version: /) });
  });

  it('retention deletes records older than the given days and keeps actions, ratings and newer records', async () => {
    await insertPersonas(deps.database, [
      { id: 'old', cadence: 'daily', timeZone: 'Europe/Berlin' },
      { id: 'new', cadence: 'daily', timeZone: 'Europe/Berlin' },
    ]);
    const [a, b] = (await claimDue(deps, { runnerId: 'r1', limit: 2, leaseMs: 600_000 })).claims;
    const finish = (tickId: string) =>
      completeTick(deps, tickId, {
        status: 'succeeded',
        usage,
        driver: 'offline',
        record: recordOf('c1'),
        actions: [{ tickId, callId: 'c1', toolName: tool.name, inputHash: 'h', result: 'ok' }],
        feedback: [{ tickId, module: tool.module, rating: 4, status: 'rated' }],
      });
    await finish(a.tickId);
    clock = new Date(clock.getTime() + 29 * 86_400_000);
    await finish(b.tickId);
    clock = new Date(clock.getTime() + 2 * 86_400_000);
    expect(await deleteOldRecords(deps, 30)).toBe(1);
    expect(await deps.database.query(`select tick_id from persona_tick_records`)).toEqual([{ tick_id: b.tickId }]);
    expect([await count('persona_actions'), await count('persona_feedback')]).toEqual([2, 2]);
    expect(await deleteOldRecords(deps, 30)).toBe(0);
  });
});

describe('the retention job', () => {
  it('deletes old records at start and on every interval, and stops cleanly', async () => {
    await insertPersonas(deps.database, [{ id: 'ret', cadence: 'hourly', timeZone: 'UTC' }]);
    const { tickId } = await claimOne();
    await completeTick(deps, tickId, { status: 'succeeded', usage, driver: 'offline', record: recordOf('c1') });
    const runs: number[] = [];
    clock = new Date(clock.getTime() + 3 * 86_400_000);
    const job = startRecordRetention({ deps, days: 2, log: createLogger('test', { level: 'silent' }), intervalMs: 20, onRun: (n) => runs.push(n) });
    // A hang guard, not a timing check: two runs of a 20 ms interval may take long on a loaded machine.
    await vi.waitFor(() => expect(runs.length).toBeGreaterThanOrEqual(2), { timeout: 120_000, interval: 20 });
    await job.stop();
    expect(runs[0]).toBe(1);
    expect(runs.slice(1).every((n) => n === 0)).toBe(true);
    expect(await count('persona_tick_records')).toBe(0);
  });
});
