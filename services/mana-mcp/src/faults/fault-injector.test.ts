import { describe, expect, it } from 'vitest';
import { keyedDice } from './fault-dice';
import { createFaultInjector } from './fault-injector';
import { parseFaults } from './parse-faults';

const tools = ['todo_complete', 'notes_search'];
const at = new Date('2026-11-20T09:00:00Z');

describe('keyed fault dice', () => {
  it('give each caller the same faults whatever the arrival order (regression: one shared PRNG made them depend on it)', () => {
    const callers = Array.from({ length: 40 }, (_, i) => `p${i}@mana.test`);
    const roll = (order: string[]) => {
      const injector = createFaultInjector(parseFaults('todo_complete:error=0.5'), tools, keyedDice(7));
      const fails = new Map<string, boolean[]>();
      for (let round = 0; round < 3; round++) {
        for (const caller of order) fails.set(caller, [...(fails.get(caller) ?? []), injector.plan('todo_complete', { caller, at }).fail]);
      }
      return Object.fromEntries([...fails].sort(([a], [b]) => a.localeCompare(b)));
    };
    const forward = roll(callers);
    expect(roll([...callers].reverse())).toEqual(forward);
    const failures = Object.values(forward).flat().filter(Boolean).length;
    expect(failures).toBeGreaterThan(35);
    expect(failures).toBeLessThan(85);
  });

  it('differ between seeds and between hours', () => {
    const failsOf = (seed: number, instant: Date) => {
      const injector = createFaultInjector(parseFaults('todo_complete:error=0.5'), tools, keyedDice(seed));
      return Array.from({ length: 64 }, (_, i) => injector.plan('todo_complete', { caller: `p${i}`, at: instant }).fail);
    };
    expect(failsOf(1, at)).not.toEqual(failsOf(2, at));
    expect(failsOf(1, at)).not.toEqual(failsOf(1, new Date(at.getTime() + 3_600_000)));
  });
});

describe('MCP_FAULTS_FROM', () => {
  it('applies faults only to calls at or after the instant', () => {
    const from = new Date('2026-11-21T00:00:00Z');
    const injector = createFaultInjector(parseFaults('todo_complete:error=1,notes_search:latency=30'), tools, keyedDice(1), { from });
    expect(injector.plan('todo_complete', { caller: 'a', at: new Date(from.getTime() - 1) })).toEqual({ latencyMs: 0, fail: false, empty: false });
    expect(injector.plan('notes_search', { caller: 'a', at: new Date(from.getTime() - 1) }).latencyMs).toBe(0);
    expect(injector.plan('todo_complete', { caller: 'a', at: from }).fail).toBe(true);
    expect(injector.plan('notes_search', { caller: 'a', at: new Date(from.getTime() + 1) }).latencyMs).toBe(30);
  });
});
