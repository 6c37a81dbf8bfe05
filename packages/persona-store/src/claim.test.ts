import { beforeEach, describe, expect, it } from 'vitest';
import { claimDue } from './claim';
import { heartbeat } from './heartbeat';
import { tickIdFor } from './ids';
import { insertPersonaPopulation, insertPersonas } from './testing/test-fixtures';
import { usePersonaTestBed } from './testing/test-bed';

let clock = new Date('2026-01-07T03:00:00Z'); // a Wednesday in every zone of the fixtures

const { deps } = usePersonaTestBed(() => clock);
beforeEach(async () => {
  clock = new Date('2026-01-07T03:00:00Z');
});

describe('claim', () => {
  it('10 concurrent claimers over 1,000 personas: each persona is claimed exactly once per slot', async () => {
    await insertPersonaPopulation(deps.database, 'c', 1000);
    const claimer = async (runnerId: string) => {
      const mine: string[] = [];
      for (;;) {
        const { claims } = await claimDue(deps, { runnerId, limit: 25, leaseMs: 600_000 });
        if (claims.length === 0) return mine;
        mine.push(...claims.map((c) => c.persona.userId));
      }
    };
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => claimer(`runner-${i}`)));
    const all = results.flat();
    expect(all).toHaveLength(1000);
    expect(new Set(all).size).toBe(1000);
    const [{ ticks, owners }] = await deps.database.query<{ ticks: number; owners: number }>(
      `select count(*)::int as ticks, count(distinct lease_owner)::int as owners from persona_ticks`,
    );
    expect(ticks).toBe(1000);
    if (deps.database.kind === 'postgres') expect(owners).toBeGreaterThan(1); // real concurrency: the work was shared
  });

  it('returns the contract shape with a deterministic tick id per persona and slot', async () => {
    await insertPersonas(deps.database, [{ id: 'anna', cadence: 'daily', timeZone: 'Europe/Berlin' }]);
    const { claims } = await claimDue(deps, { runnerId: 'r1', limit: 5, leaseMs: 60_000 });
    expect(claims).toEqual([
      {
        tickId: tickIdFor('anna', '2026-01-07'),
        slot: '2026-01-07',
        attempt: 1,
        leaseExpiresAt: '2026-01-07T03:01:00.000Z',
        persona: expect.objectContaining({ userId: 'anna', tickCadence: 'daily', timeZone: 'Europe/Berlin', lastActiveAt: null }),
      },
    ]);
  });

  it('an expired lease is claimed again with attempt + 1; after the last attempt the slot is given up', async () => {
    await insertPersonas(deps.database, [{ id: 'crashy', cadence: 'daily', timeZone: 'UTC' }]);
    const attempts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { claims } = await claimDue(deps, { runnerId: `r${i}`, limit: 5, leaseMs: 60_000 });
      expect(await claimDue(deps, { runnerId: 'other', limit: 5, leaseMs: 60_000 })).toEqual({ claims: [] });
      attempts.push(claims[0].attempt);
      clock = new Date(clock.getTime() + 61_000); // the runner died: the lease runs out
    }
    expect(attempts).toEqual([1, 2, 3]);
    expect(await claimDue(deps, { runnerId: 'r9', limit: 5, leaseMs: 60_000 })).toEqual({ claims: [] });
    const [tick] = await deps.database.query<{ status: string; error: string }>(`select status, error from persona_ticks`);
    expect(tick).toEqual({ status: 'failed', error: 'lease expired on the last attempt' });
    clock = new Date('2026-01-08T00:00:00Z');
    expect((await claimDue(deps, { runnerId: 'r1', limit: 5, leaseMs: 60_000 })).claims.map((c) => c.attempt)).toEqual([1]);
  });

  it('heartbeat extends the lease for its runner only', async () => {
    await insertPersonas(deps.database, [{ id: 'beat', cadence: 'daily', timeZone: 'UTC' }]);
    const [claim] = (await claimDue(deps, { runnerId: 'r1', limit: 1, leaseMs: 60_000 })).claims;
    clock = new Date(clock.getTime() + 50_000);
    expect(await heartbeat(deps, { tickId: claim.tickId, runnerId: 'r1', leaseMs: 60_000 })).toEqual({ leaseExpiresAt: '2026-01-07T03:01:50.000Z' });
    clock = new Date(clock.getTime() + 30_000); // past the first lease, inside the extended one
    expect((await claimDue(deps, { runnerId: 'r2', limit: 1, leaseMs: 60_000 })).claims).toEqual([]);
    await expect(heartbeat(deps, { tickId: claim.tickId, runnerId: 'r2', leaseMs: 60_000 })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(heartbeat(deps, { tickId: 'tick_nope', runnerId: 'r1', leaseMs: 60_000 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const [tick] = await deps.database.query<{ status: string }>(`select status from persona_ticks`);
    expect(tick.status).toBe('running');
  });
});
