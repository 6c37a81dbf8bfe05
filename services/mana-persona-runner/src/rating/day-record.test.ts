import { describe, expect, it } from 'vitest';
import type { RecordedAction } from '../drivers/driver';
import { summarizeDay, usedModules } from './day-record';

const action = (over: Partial<RecordedAction>): RecordedAction => ({
  callId: 'c1',
  toolName: 'todo_list',
  module: 'todo',
  input: {},
  inputHash: 'h',
  result: 'ok',
  ...over,
});

describe('summarizeDay', () => {
  it('lists every call with module, outcome, latency, input and result or error', () => {
    const text = summarizeDay({
      termination: 'completed',
      actions: [
        action({ latencyMs: 12, outputSummary: '{"todos":[]}' }),
        action({ callId: 'c2', toolName: 'todo_complete', input: { todoId: 'abc' }, result: 'error', errorMessage: 'NOT_FOUND: no such todo', latencyMs: 30 }),
        action({ callId: 'c3', toolName: 'notes_create', module: 'notes', input: { title: 'Einkauf' } }),
      ],
    });
    expect(text).toBe(
      [
        '1. todo_list [todo] OK 12 ms',
        '   input: {}',
        '   result: {"todos":[]}',
        '2. todo_complete [todo] ERROR 30 ms',
        '   input: {"todoId":"abc"}',
        '   error: NOT_FOUND: no such todo',
        '3. notes_create [notes] OK',
        '   input: {"title":"Einkauf"}',
        '   result: (no output)',
      ].join('\n'),
    );
  });

  it('clips long outputs and names an early end', () => {
    const text = summarizeDay({ termination: 'timeout', error: 'aborted after 600 s', actions: [action({ outputSummary: 'x'.repeat(1000) })] });
    expect(text).toContain(`${'x'.repeat(299)}…`);
    expect(text).not.toContain('x'.repeat(301));
    expect(text).toMatch(/day ended early: timeout: aborted after 600 s/);
    expect(summarizeDay({ termination: 'completed', actions: [] })).toBe('(no tool calls)');
  });
});

describe('usedModules', () => {
  it('keeps first-use order without duplicates', () => {
    expect(usedModules([action({ module: 'notes' }), action({ module: 'todo' }), action({ module: 'notes' })])).toEqual(['notes', 'todo']);
  });
});
