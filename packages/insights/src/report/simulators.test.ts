import { describe, expect, it } from 'vitest';
import { reportAnomaly } from '@mana/contracts';
import { populationOf } from './population';
import { simulatorsOf } from './simulators';

const simulator = (side: 0 | 1, key: string, policyVersion: string, firstAt: string, ticks = 50) => ({
  side,
  key,
  driver: 'offline',
  model: null,
  promptHash: '0123456789abcdef',
  policyVersion,
  ticks,
  firstAt,
  lastAt: firstAt,
});

describe('simulators of both periods', () => {
  it('announces a change of the offline policy with its first day, as a notice that is no product finding', () => {
    const { section, notice } = simulatorsOf(
      [simulator(0, 'k1', 'offline-v2', '2026-03-01T00:00:00.000Z'), simulator(1, 'k2', 'offline-v2-variant', '2026-03-08T01:00:00.000Z')],
      0,
    );
    expect(section.changed).toBe(true);
    expect(section.note).toBe(
      'The simulator changed on 2026-03-08: offline policy offline-v2 → offline-v2-variant. Calls and ratings are compared within each simulator only (0 personas played under the same simulator in both periods).',
    );
    expect(reportAnomaly.parse(notice)).toMatchObject({ key: 'simulator:k1→k2:simulator', kind: 'simulator', pValue: null });
  });

  it('is quiet when both periods ran the same simulators', () => {
    const { section, notice } = simulatorsOf([simulator(0, 'k1', 'v', '2026-03-01T00:00:00.000Z'), simulator(1, 'k1', 'v', '2026-03-08T00:00:00.000Z')], 12);
    expect(section).toMatchObject({ changed: false, note: null });
    expect(notice).toBeNull();
  });
});

describe('population of both periods', () => {
  it('tells personas that joined, left and changed cadence apart from those in both', () => {
    const row = (persona: string, side: 0 | 1, hourly = false) => ({ persona, name: persona.toUpperCase(), side, hourly });
    const population = populationOf([row('a', 0), row('a', 1), row('b', 0), row('c', 1), row('d', 0), row('d', 1, true)]);
    expect(population).toEqual({
      before: 3,
      after: 3,
      both: 2,
      joined: [{ id: 'c', name: 'C' }],
      left: [{ id: 'b', name: 'B' }],
      cadenceChanged: [{ id: 'd', name: 'D' }],
      joinedCount: 1,
      leftCount: 1,
      cadenceChangedCount: 1,
    });
  });
});
