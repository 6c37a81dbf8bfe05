import { describe, expect, it } from 'vitest';
import { claimDue } from './claim';
import { completeTick } from './complete';
import { listDue } from './due';
import { insertPersonas } from './testing/test-fixtures';
import { usePersonaTestBed } from './testing/test-bed';

let clock = new Date('2026-01-05T10:00:00Z');

const { deps } = usePersonaTestBed(() => clock);

const dueIds = async () => (await listDue(deps, { limit: 1000 })).personas.map((p) => p.userId);

/** Claims everything due now and completes it as succeeded (a persona's whole day). */
async function runDueSlots(): Promise<string[]> {
  const { claims } = await claimDue(deps, { runnerId: 'r1', limit: 500, leaseMs: 60_000 });
  for (const c of claims) await completeTick(deps, c.tickId, { status: 'succeeded', usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 }, driver: 'offline' });
  return claims.map((c) => c.persona.userId).sort();
}

describe('due semantics (injected clock)', () => {
  it('daily: done for the local date, due again at the next local midnight of each time zone', async () => {
    await insertPersonas(deps.database, [
      { id: 'berlin', cadence: 'daily', timeZone: 'Europe/Berlin' },
      { id: 'tokyo', cadence: 'daily', timeZone: 'Asia/Tokyo' },
    ]);
    clock = new Date('2026-01-05T10:00:00Z');
    expect((await dueIds()).sort()).toEqual(['berlin', 'tokyo']);
    expect(await runDueSlots()).toEqual(['berlin', 'tokyo']);
    expect(await dueIds()).toEqual([]);
    clock = new Date('2026-01-05T15:00:00Z'); // 00:00 on the 6th in Tokyo, 16:00 on the 5th in Berlin
    expect(await dueIds()).toEqual(['tokyo']);
    clock = new Date('2026-01-05T23:00:00Z'); // midnight in Berlin
    expect((await dueIds()).sort()).toEqual(['berlin', 'tokyo']);
  });

  it('a persona that made no tool call still completes its slot and does not re-run', async () => {
    await insertPersonas(deps.database, [{ id: 'quiet', cadence: 'daily', timeZone: 'UTC' }]);
    clock = new Date('2026-01-05T08:00:00Z');
    expect(await runDueSlots()).toEqual(['quiet']);
    for (const hour of ['09', '14', '23']) {
      clock = new Date(`2026-01-05T${hour}:59:00Z`);
      expect(await dueIds()).toEqual([]);
    }
  });

  it('daily across the spring-forward day (23 hours) in Berlin', async () => {
    await insertPersonas(deps.database, [{ id: 'dst', cadence: 'daily', timeZone: 'Europe/Berlin' }]);
    clock = new Date('2026-03-28T22:30:00Z'); // 23:30 on the 28th
    expect(await runDueSlots()).toEqual(['dst']);
    clock = new Date('2026-03-28T23:00:00Z'); // 00:00 on the 29th (CET)
    expect(await runDueSlots()).toEqual(['dst']);
    clock = new Date('2026-03-29T21:59:00Z'); // 23:59 CEST, still the 29th
    expect(await dueIds()).toEqual([]);
    clock = new Date('2026-03-29T22:00:00Z'); // 00:00 on the 30th (CEST)
    expect(await dueIds()).toEqual(['dst']);
  });

  it('hourly: the repeated fall-back hour runs twice, once per real hour', async () => {
    await insertPersonas(deps.database, [{ id: 'hourly', cadence: 'hourly', timeZone: 'Europe/Berlin' }]);
    clock = new Date('2026-10-25T00:10:00Z'); // 02:10 CEST
    expect(await runDueSlots()).toEqual(['hourly']);
    clock = new Date('2026-10-25T00:50:00Z');
    expect(await dueIds()).toEqual([]);
    clock = new Date('2026-10-25T01:10:00Z'); // 02:10 CET, the same wall-clock hour again
    expect(await runDueSlots()).toEqual(['hourly']);
    clock = new Date('2026-10-25T02:00:00Z');
    expect(await dueIds()).toEqual(['hourly']);
  });

  it('weekdays: Monday to Friday in the persona time zone only', async () => {
    await insertPersonas(deps.database, [
      { id: 'tokyo', cadence: 'weekdays', timeZone: 'Asia/Tokyo' },
      { id: 'newyork', cadence: 'weekdays', timeZone: 'America/New_York' },
    ]);
    clock = new Date('2026-01-09T16:00:00Z'); // Saturday 01:00 in Tokyo, Friday 11:00 in New York
    expect(await dueIds()).toEqual(['newyork']);
    expect(await runDueSlots()).toEqual(['newyork']); // the claim also parks Tokyo until Monday
    clock = new Date('2026-01-11T12:00:00Z'); // Sunday everywhere
    expect(await dueIds()).toEqual([]);
    expect(await runDueSlots()).toEqual([]);
    clock = new Date('2026-01-11T15:00:00Z'); // Monday 00:00 in Tokyo, Sunday in New York
    expect(await dueIds()).toEqual(['tokyo']);
    clock = new Date('2026-01-12T05:00:00Z'); // Monday 00:00 in New York
    expect((await dueIds()).sort()).toEqual(['newyork', 'tokyo']);
  });

  it('never-run personas come first', async () => {
    await insertPersonas(deps.database, [{ id: 'veteran', cadence: 'daily', timeZone: 'UTC' }]);
    clock = new Date('2026-01-05T08:00:00Z');
    await runDueSlots();
    await insertPersonas(deps.database, [{ id: 'newbie', cadence: 'daily', timeZone: 'UTC' }]);
    clock = new Date('2026-01-06T08:00:00Z');
    expect(await dueIds()).toEqual(['newbie', 'veteran']);
  });

  it('a live lease hides a persona; an expired one makes it due again', async () => {
    await insertPersonas(deps.database, [{ id: 'leased', cadence: 'daily', timeZone: 'UTC' }]);
    clock = new Date('2026-01-05T08:00:00Z');
    const { claims } = await claimDue(deps, { runnerId: 'r1', limit: 10, leaseMs: 60_000 });
    expect(claims).toHaveLength(1);
    expect(await dueIds()).toEqual([]);
    clock = new Date('2026-01-05T08:01:00Z');
    expect(await dueIds()).toEqual(['leased']);
  });
});
