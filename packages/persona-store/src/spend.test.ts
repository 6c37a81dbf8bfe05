import { beforeEach, describe, expect, it } from 'vitest';
import { claimDue } from './claim';
import { completeTick } from './complete';
import { dailySpend } from './spend';
import { insertPersonas } from './testing/test-fixtures';
import { usePersonaTestBed } from './testing/test-bed';

let clock = new Date('2026-01-07T03:00:00Z');
const { deps } = usePersonaTestBed(() => clock);
beforeEach(() => {
  clock = new Date('2026-01-07T03:00:00Z');
});

describe("dailySpend (the runners' shared daily USD budget)", () => {
  it('sums the cost of the ticks finished today by any runner; yesterday and unfinished ticks do not count', async () => {
    await insertPersonas(deps.database, [
      { id: 'ann', cadence: 'daily', timeZone: 'UTC' },
      { id: 'bob', cadence: 'daily', timeZone: 'UTC' },
      { id: 'cyd', cadence: 'daily', timeZone: 'UTC' },
    ]);
    const { claims } = await claimDue(deps, { runnerId: 'r1', limit: 3, leaseMs: 60_000 });
    expect(claims).toHaveLength(3);
    const usage = (costUsd: number) => ({ inputTokens: 10, outputTokens: 5, costUsd });
    const [first, second] = claims;
    await completeTick(deps, first!.tickId, { runnerId: 'r1', attempt: first!.attempt, status: 'succeeded', driver: 'anthropic', model: 'm', usage: usage(0.25) } as never);
    await completeTick(deps, second!.tickId, {
      runnerId: 'r1',
      attempt: second!.attempt,
      status: 'failed',
      driver: 'anthropic',
      model: 'm',
      usage: usage(0.5),
      error: 'x',
    } as never);
    expect(await dailySpend(deps)).toEqual({ day: '2026-01-07', spentUsd: 0.75 });
    clock = new Date('2026-01-08T00:00:01Z');
    expect(await dailySpend(deps)).toEqual({ day: '2026-01-08', spentUsd: 0 });
  });
});
