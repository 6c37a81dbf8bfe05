import { describe, expect, it } from 'vitest';
import { isStorableText, jsonBytes, tickRecord, type RecordEntry } from '@mana/contracts';
import type { RecordedAction } from '../drivers/driver';
import { buildTickRecord } from './build-record';

const JWT = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJwZXJzb25hLTEiLCJleHAiOjE3MDB9.c2lnbmF0dXJlLWJ5dGVz';
const at = (s: number) => new Date(Date.UTC(2026, 0, 7, 9, 0, s)).toISOString();

function call(n: number, over: Partial<RecordedAction> = {}): RecordedAction {
  return {
    callId: `c${n}`,
    toolName: 'todo_create',
    module: 'todo',
    input: { title: `Task ${n}` },
    inputHash: 'h',
    result: 'ok',
    latencyMs: 12,
    calledAt: at(n),
    output: `{"id":"t${n}"}`,
    ...over,
  };
}

const base = { driver: 'offline', model: 'offline-policy-v1', startedAt: new Date(at(0)), endedAt: new Date(at(59)), secrets: [] as string[] };

describe('buildTickRecord', () => {
  it('orders messages and calls by time (words before the calls they announce, the summary last), then the rating answer', () => {
    const record = buildTickRecord({
      ...base,
      day: {
        termination: 'completed',
        summary: 'done',
        actions: [call(2), call(1)],
        messages: [
          { kind: 'summary', text: 'done', at: at(3) },
          { kind: 'say', text: 'now the second', at: at(2) },
          { kind: 'intent', text: 'two tasks', at: at(1) },
        ],
      },
      rating: { answer: '{"ratings":[]}', at: new Date(at(58)) },
    });
    expect(tickRecord.parse(record)).toEqual(record);
    expect(record.entries.map((e) => (e.type === 'call' ? e.callId : e.type === 'message' ? e.kind : e.type))).toEqual(['intent', 'c1', 'say', 'c2', 'summary', 'rating']);
    expect(record).toMatchObject({ version: 1, truncated: false, termination: 'completed' });
    expect(record.entries[1]).toEqual({
      type: 'call',
      at: at(1),
      callId: 'c1',
      toolName: 'todo_create',
      module: 'todo',
      arguments: { title: 'Task 1' },
      result: 'ok',
      output: '{"id":"t1"}',
      latencyMs: 12,
    });
  });

  it('never keeps a token or API key from a tool argument, a result, an error, a message or the rating answer', () => {
    const secrets = ['persona-password-derived-1234', 'sk-local-openai-key'];
    const record = buildTickRecord({
      ...base,
      secrets,
      day: {
        termination: 'completed',
        summary: `my password is persona-password-derived-1234`,
        actions: [
          call(1, { input: { title: `token ${JWT}`, apiKey: 'whatever', note: 'key sk-local-openai-key' }, output: `Authorization: Bearer ${JWT}` }),
          call(2, { result: 'error', output: undefined, errorMessage: `401 with x-api-key sk-ant-api03-abcdefghijklmnopqrstuvwx` }),
        ],
      },
      rating: { answer: `rated, my token=${JWT}`, at: new Date(at(58)) },
    });
    const text = JSON.stringify(record);
    for (const secret of [JWT, 'whatever', 'sk-local-openai-key', 'sk-ant-api03-abcdefghijklmnopqrstuvwx', 'persona-password-derived-1234']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });

  it('caps the record with a cut entry where it was cut and keeps the rating answer', () => {
    const actions = Array.from({ length: 200 }, (_, i) => call(i % 59, { callId: `c${i}`, output: 'x'.repeat(1_900) }));
    const record = buildTickRecord({ ...base, day: { termination: 'completed', summary: '', actions }, rating: { answer: 'the answer', at: new Date(at(59)) }, maxBytes: 20_000 });
    expect(jsonBytes(record)).toBeLessThanOrEqual(20_000);
    expect(record.truncated).toBe(true);
    const cutAt = record.entries.findIndex((e) => e.type === 'cut');
    const marker = record.entries[cutAt] as Extract<RecordEntry, { type: 'cut' }>;
    expect(cutAt).toBeGreaterThan(0);
    expect(marker.omittedEntries).toBe(200 - cutAt);
    expect(marker.omittedBytes).toBeGreaterThan(100_000);
    expect(record.entries.at(-1)).toMatchObject({ type: 'rating', answer: 'the answer' });
    expect(tickRecord.parse(record)).toEqual(record);
  });

  it('cuts long arguments to their JSON text and long results to the text limit', () => {
    const record = buildTickRecord({
      ...base,
      day: { termination: 'completed', summary: '', actions: [call(1, { input: { content: 'y'.repeat(10_000) }, output: 'z'.repeat(5_000) })] },
    });
    const entry = record.entries[0] as Extract<RecordEntry, { type: 'call' }>;
    expect(entry.argumentsCut).toBe(true);
    expect(typeof entry.arguments).toBe('string');
    expect((entry.arguments as string).length).toBeLessThanOrEqual(4_000);
    expect(entry.output!.endsWith('…')).toBe(true);
  });

  it('records a failed tick with what it has and why it failed', () => {
    const record = buildTickRecord({ ...base, failure: 'MCP connect failed' });
    expect(record.termination).toBe('error');
    expect(record.entries).toEqual([{ type: 'message', at: at(59), kind: 'summary', text: '(tick failed: MCP connect failed)' }]);
  });

  it('is storable whatever the day held: outputs cut on code points, NUL and half emoji made valid, arguments 10,000 deep bounded (issue 24 §1)', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    const record = buildTickRecord({
      ...base,
      day: {
        termination: 'completed',
        summary: 'done \u0000',
        actions: [
          call(1, { output: '😀'.repeat(3000) }),
          call(2, { input: deep as Record<string, unknown> }),
          call(3, { result: 'error', output: undefined, errorMessage: `x\ud800${'😀'.repeat(3000)}` }),
        ],
      },
      rating: { answer: `{"ratings":[]}\udc00`, at: new Date(at(58)) },
    });
    const text = JSON.stringify(record);
    expect(isStorableText(text)).toBe(true);
    expect(text).not.toMatch(/\\u0000|\\ud[89ab]|\\udc/i);
    expect(tickRecord.safeParse(record).success).toBe(true);
    expect(text).toContain('[nested too deep]');
  });
});
