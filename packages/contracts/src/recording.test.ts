import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRecording, recordingHeader, recordingJsonSchema, recordingTick, RecordingError, type RecordingHeader, type RecordingTick } from './recording';

const AT = '2026-12-01T10:00:00.000Z';

const header: RecordingHeader = {
  format: 'mana-personas-recording',
  version: 1,
  product: 'mana',
  span: { since: '2026-11-24T00:00:00.000Z', until: '2026-12-02T00:00:00.000Z' },
  personas: 1,
  ticks: 1,
  calls: 1,
  surfaces: [{ hash: '0123456789abcdef', tools: [{ name: 'todo_list', description: 'List todos', inputSchema: { type: 'object' } }] }],
  filters: {},
};

const tick: RecordingTick = {
  type: 'tick',
  tickId: 'tick-1',
  persona: {
    ref: 'persona.anna',
    definition: {
      name: 'Anna',
      archetype: 'adhd-student',
      systemPrompt: 'Du bist Anna, 22, und studierst Psychologie in Leipzig; du schreibst kurz.',
      moduleMix: { todo: 5 },
      tickCadence: 'daily',
      timeZone: 'Europe/Berlin',
      locale: 'de-DE',
    },
  },
  slot: '2026-12-01',
  startedAt: AT,
  finishedAt: AT,
  status: 'succeeded',
  fingerprint: { driver: 'offline', model: 'offline-policy-v1', promptHash: null, policyVersion: null, simulatorKey: null, surfaceHash: '0123456789abcdef' },
  termination: 'completed',
  truncated: false,
  steps: [
    { type: 'message', at: AT, kind: 'intent', text: 'Today I look at todo.' },
    {
      type: 'call',
      at: AT,
      callId: 'offline-1-1',
      toolName: 'todo_list',
      module: 'todo',
      arguments: {},
      result: 'ok',
      output: '{"todos":[]}',
      latencyMs: 4,
      handlerMs: 0.8,
      emptyResult: true,
    },
    { type: 'rating', at: AT, answer: '{"ratings":[]}' },
  ],
};

const lines = (...values: unknown[]) => `${values.map((v) => JSON.stringify(v)).join('\n')}\n`;

describe('readRecording', () => {
  it('reads a header and its ticks', () => {
    const recording = readRecording(lines(header, tick));
    expect(recording.header).toEqual(header);
    expect(recording.ticks).toEqual([tick]);
  });

  it('reads a recording whose ticks carry no fingerprint beyond driver and model (ticks before migration 0011)', () => {
    const bare = { ...tick, fingerprint: { ...tick.fingerprint, surfaceHash: null } };
    expect(readRecording(lines({ ...header, surfaces: [] }, bare)).ticks[0].fingerprint.surfaceHash).toBeNull();
  });

  it('names another version, and another format, before any field', () => {
    expect(() => readRecording(lines({ ...header, version: 2, span: 'x' }))).toThrow('recording line 1: unsupported recording version 2: this build reads version 1');
    expect(() => readRecording(lines({ format: 'har', version: 1 }))).toThrow(/line 1: not a Mana personas recording/);
    expect(() => readRecording('')).toThrow(RecordingError);
  });

  it('refuses a truncated file: fewer ticks than announced, or a line cut in the middle', () => {
    expect(() => readRecording(lines({ ...header, ticks: 2 }, tick))).toThrow(/announces 2 ticks, the file holds 1 \(truncated\?\)/);
    expect(() => readRecording(`${JSON.stringify(header)}\n${JSON.stringify(tick).slice(0, 80)}`)).toThrow(/recording line 2: not JSON/);
  });

  it('refuses unknown fields (strict), a wrong call count and a surface missing from the header', () => {
    expect(() => readRecording(lines(header, { ...tick, extra: 1 }))).toThrow(/line 2: bad tick/);
    expect(() => readRecording(lines({ ...header, exportedAt: AT }, tick))).toThrow(/line 1: bad header/);
    expect(() => readRecording(lines({ ...header, calls: 3 }, tick))).toThrow(/announces 3 calls/);
    expect(() => readRecording(lines({ ...header, surfaces: [] }, tick))).toThrow(/line 2: surface 0123456789abcdef is not in the header/);
  });

  it('keeps the persona definition free of an e-mail', () => {
    expect(recordingTick.safeParse({ ...tick, persona: { ...tick.persona, definition: { ...tick.persona.definition, email: 'persona.anna@mana.test' } } }).success).toBe(false);
    expect(recordingHeader.safeParse({ ...header, surfaces: [{ hash: 'XYZ', tools: [] }] }).success).toBe(false);
  });
});

describe('recordingJsonSchema', () => {
  it('is what docs/recording.schema.json holds (regenerate with npm run record:schema)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../../docs/recording.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(recordingJsonSchema());
  });
});
