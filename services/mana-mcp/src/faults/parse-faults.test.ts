import { describe, expect, it } from 'vitest';
import { parseFaults } from './parse-faults';
import { createFaultInjector } from './fault-injector';
import { keyedDice } from './fault-dice';

describe('parseFaults', () => {
  it('reads the documented example', () => {
    expect(parseFaults('todo_complete:error=0.5,notes_search:latency=2000,habits_list:empty=1')).toEqual([
      { tool: 'todo_complete', kind: 'error', value: 0.5 },
      { tool: 'notes_search', kind: 'latency', value: 2000 },
      { tool: 'habits_list', kind: 'empty', value: 1 },
    ]);
  });

  it('treats unset, empty and blank entries as no faults', () => {
    expect(parseFaults(undefined)).toEqual([]);
    expect(parseFaults('  ')).toEqual([]);
    expect(parseFaults('todo_list:empty=1, ,')).toHaveLength(1);
  });

  it.each([
    ['todo_complete:explode=1', 'todo_complete:explode=1'],
    ['todo_complete=0.5', 'todo_complete=0.5'],
    ['todo.complete:error=0.5', 'todo.complete:error=0.5'],
    ['todo_complete:error=1.5', 'probability'],
    ['notes_search:latency=2.5', 'whole milliseconds'],
    ['notes_search:latency=999999', 'whole milliseconds'],
    ['notes_search:latency=-1', 'notes_search:latency=-1'],
  ])('refuses %s and names the entry', (text, fragment) => {
    expect(() => parseFaults(`todo_list:empty=1,${text}`)).toThrow(fragment);
    expect(() => parseFaults(text)).toThrow(/MCP_FAULTS entry "/);
  });
});

describe('createFaultInjector', () => {
  const tools = ['todo_complete', 'notes_search', 'habits_list'];

  it('refuses a tool the server does not expose', () => {
    expect(() => createFaultInjector(parseFaults('todo_delete:error=1'), tools, keyedDice(1))).toThrow(/todo_delete/);
  });

  it('is inactive and harmless without faults', () => {
    const injector = createFaultInjector([], tools, keyedDice(1));
    expect(injector.active).toBe(false);
    expect(injector.plan('todo_complete')).toEqual({ latencyMs: 0, fail: false, empty: false });
  });

  it('fails with about the configured probability, reproducibly for a seed', () => {
    const roll = (seed: number) => {
      const injector = createFaultInjector(parseFaults('todo_complete:error=0.5'), tools, keyedDice(seed));
      return Array.from({ length: 1000 }, () => injector.plan('todo_complete').fail);
    };
    const failures = roll(42).filter(Boolean).length;
    expect(failures).toBeGreaterThan(420);
    expect(failures).toBeLessThan(580);
    expect(roll(42)).toEqual(roll(42));
    expect(roll(42)).not.toEqual(roll(43));
  });

  it('adds latency, empties with probability 1, and leaves other tools alone', () => {
    const injector = createFaultInjector(parseFaults('notes_search:latency=200,notes_search:latency=50,habits_list:empty=1'), tools, keyedDice(7));
    expect(injector.plan('notes_search')).toEqual({ latencyMs: 250, fail: false, empty: false });
    expect(injector.plan('habits_list').empty).toBe(true);
    expect(injector.plan('todo_complete')).toEqual({ latencyMs: 0, fail: false, empty: false });
  });
});
