/** The per-call comparison, the cut-output reader and the id map on fixed values (no system started). */
import { describe, expect, it } from 'vitest';
import { compareCall, errorClass, latencyDifference, shapeDifference } from './compare';
import { createIdMap } from './id-map';
import { readOutput } from './partial-json';

const threshold = { ratio: 0.5, minMs: 50 };
const A = '0b6f4c9e-8d9a-4a59-9a43-2f6f1d2b9c01';
const B = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

describe('compareCall', () => {
  it('names the outcome flips', () => {
    expect(compareCall({ result: 'ok', value: {} }, { result: 'error', error: 'boom' }, threshold)).toEqual([{ kind: 'ok→error', detail: 'now fails: boom' }]);
    expect(compareCall({ result: 'error', error: 'Todo not found' }, { result: 'ok', value: {} }, threshold)[0].kind).toBe('error→ok');
  });

  it('treats errors of one class alike, and a changed class as shape', () => {
    expect(errorClass(`Todo "${A}" not found (3 tries)`)).toBe(errorClass(`todo "${B}" not found (12 tries)`));
    expect(compareCall({ result: 'error', error: 'rate limited: try again in 12 s.' }, { result: 'error', error: 'rate limited: try again in 3 s.' }, threshold)).toEqual([]);
    expect(compareCall({ result: 'error', error: 'Todo not found' }, { result: 'error', error: 'Invalid arguments for todo_complete' }, threshold)[0].kind).toBe('shape');
  });

  it('ignores ids and values, not keys', () => {
    expect(shapeDifference({ todo: { id: A, title: 'a', due: null } }, { todo: { id: B, title: 'b', due: '2026-11-20' } }, false)).toBeNull();
    expect(shapeDifference({ todos: [{ id: A }] }, { todos: [{ id: B, revision: 2 }] }, false)).toBe('result.todos[]: new "revision"');
    expect(shapeDifference({ todos: [{ id: A, title: 'x' }] }, { todos: [{ id: B }] }, false)).toBe('result.todos[]: "title" no longer there');
    expect(shapeDifference({ total: 1 }, { total: '1' }, false)).toBe('result.total: was number, now string');
    // A cut recording only needs its keys to be there still.
    expect(shapeDifference({ todos: [{ id: A }] }, { todos: [{ id: B, title: 'x' }], total: 1 }, true)).toBeNull();
  });

  it('reports lists that went empty or filled (not an empty list a cut went through)', () => {
    expect(compareCall({ result: 'ok', value: { todos: [{ id: A }] } }, { result: 'ok', value: { todos: [] } }, threshold)).toEqual([
      { kind: 'empty', detail: 'result.todos: had items, now empty' },
    ]);
    expect(compareCall({ result: 'ok', value: { todos: [] }, cut: true }, { result: 'ok', value: { todos: [{ id: B }] } }, threshold)).toEqual([]);
  });

  it('flags latency only past both the ratio and the absolute growth', () => {
    expect(latencyDifference(10, 59, threshold)).toBeNull();
    expect(latencyDifference(200, 290, threshold)).toBeNull();
    expect(latencyDifference(10, 61, threshold)).toBe('handler time 10 ms → 61 ms (+51 ms)');
    expect(latencyDifference(undefined, 500, threshold)).toBeNull();
  });
});

describe('readOutput', () => {
  it('reads whole JSON, and the part before a cut', () => {
    expect(readOutput('{"a":1}')).toEqual({ value: { a: 1 }, cut: false });
    expect(readOutput(`{"todos":[{"id":"${A}","title":"Zahn`.concat('…'))).toEqual({ value: { todos: [{ id: A }] }, cut: true });
    expect(readOutput('{"total":12…')).toEqual({ value: {}, cut: true });
    expect(readOutput('plain words')).toBeUndefined();
  });
});

describe('the id map', () => {
  it('maps ids at the same place, replaces them in later arguments, and refuses a known id without a mapping', () => {
    const ids = createIdMap();
    expect(ids.learn({ todo: { id: A, title: 'x' } }, { todo: { id: B, title: 'x' } })).toBe(1);
    expect(ids.remap({ todoId: A, title: 'keep' })).toEqual({ args: { todoId: B, title: 'keep' }, unmapped: [], remapped: 1 });
    const C = A.replace('0b6f', 'ffff');
    ids.remember({ contact: { id: C } });
    expect(ids.remap({ contactId: C }).unmapped).toEqual([{ path: 'contactId', value: C, reason: expect.stringMatching(/gave no id/) }]);
    // An id the persona never got from a result is sent as it is (a made-up one).
    expect(ids.remap({ noteId: 'not-a-known-id' }).unmapped).toEqual([]);
  });
});
