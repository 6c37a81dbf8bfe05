/**
 * `npm run replay`'s refusals: bad flags and bad recordings (truncated, another
 * version, another product's tools) exit 2 with a clear message and write none
 * of the outputs asked for. None of them starts the system.
 */
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { RECORDING_FORMAT, RECORDING_VERSION } from '@mana/contracts';
import { captureCommand } from '@mana/core/testing/command';
import { runReplayCli } from './run-replay';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'mana-replay-cli-'));
});

const header = (over: Record<string, unknown> = {}) => ({
  format: RECORDING_FORMAT,
  version: RECORDING_VERSION,
  product: 'mana',
  span: { since: '2026-11-17T00:00:00.000Z', until: '2026-11-18T00:00:00.000Z' },
  personas: 1,
  ticks: 1,
  calls: 1,
  surfaces: [],
  filters: {},
  ...over,
});

const tick = (toolName: string) => ({
  type: 'tick',
  tickId: 'tick_1',
  persona: {
    ref: 'persona.anna',
    definition: {
      name: 'Anna',
      archetype: 'busy-parent',
      systemPrompt: 'Du bist Anna, eine vielbeschäftigte Mutter, die ihren Tag plant.',
      moduleMix: { todo: 1 },
      tickCadence: 'daily',
      timeZone: 'Europe/Berlin',
      locale: 'de-DE',
    },
  },
  slot: '2026-11-17',
  startedAt: '2026-11-17T08:00:00.000Z',
  finishedAt: '2026-11-17T08:00:01.000Z',
  status: 'succeeded',
  fingerprint: { driver: 'offline', model: 'offline-policy-v1', promptHash: null, policyVersion: null, simulatorKey: null, surfaceHash: null },
  termination: 'completed',
  truncated: false,
  steps: [
    {
      type: 'call',
      at: '2026-11-17T08:00:00.100Z',
      callId: 'offline-1-1',
      toolName,
      module: 'todo',
      arguments: {},
      result: 'ok',
      output: '{"items":[]}',
      latencyMs: 3,
      handlerMs: 1,
      emptyResult: true,
    },
  ],
});

const lines = (...values: unknown[]) => values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n');

async function run(recordingText: string | null, extra: string[] = []): Promise<{ code: number; stderr: string; written: string[] }> {
  const recording = path.join(folder, 'days.jsonl');
  if (recordingText !== null) await writeFile(recording, recordingText);
  const outs = ['--json', path.join(folder, 'r.json'), '--junit', path.join(folder, 'r.xml'), '--markdown', path.join(folder, 'r.md')];
  const { code, err } = await captureCommand(runReplayCli, ['--recording', recording, ...outs, ...extra], { env: { LOG_LEVEL: 'silent' } });
  const written = (await readdir(folder)).filter((f) => f !== 'days.jsonl');
  return { code, stderr: err, written };
}

describe('npm run replay: bad recordings exit 2 and write nothing', () => {
  it.each([
    ['a missing file', null, /days\.jsonl: no such file/],
    ['an empty file', '', /the file is empty/],
    ['a truncated file (the last line cut)', `${lines(header({ ticks: 2, calls: 2 }), tick('todo_list'))}\n{"type":"tick","tickId":"ti`, /line 3: not JSON/],
    ['a truncated file (a tick missing)', lines(header({ ticks: 2, calls: 2 }), tick('todo_list')), /announces 2 ticks, the file holds 1 \(truncated\?\)/],
    ['another version', lines(header({ version: 99 }), tick('todo_list')), /unsupported recording version 99: this build reads version 1/],
    ['another format', lines({ hello: 'world' }), /not a Mana personas recording/],
    ['another product', lines(header({ product: 'acme' }), tick('todo_list')), /line 1: bad header: product/],
    ["another product's tools", lines(header(), tick('crm_lookup_account')), /another product: none of its tools \(crm_lookup_account\) is a tool of this build/],
  ])('%s', async (_name, text, message) => {
    const { code, stderr, written } = await run(text);
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
    expect(written).toEqual([]);
  });
});

describe('npm run replay: bad usage exits 2 and writes nothing', () => {
  it.each([
    [['--allow', 'ok→error,slowness'], /--allow: unknown kind "slowness"/],
    [['--latency-ratio', 'fast'], /--latency-ratio must be a number/],
    [['--target-mcp', 'http://127.0.0.1:1/mcp'], /--target-mcp and --target-auth go together/],
    [['--live-after-divergence'], /--live-after-divergence is not supported yet/],
    [['--bogus'], /Unknown option '--bogus'/],
  ])('%j', async (extra, message) => {
    const { code, stderr, written } = await run(lines(header(), tick('todo_list')), extra);
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
    expect(written).toEqual([]);
  });

  it('refuses an output in a folder that does not exist before reading the recording', async () => {
    const { code, err } = await captureCommand(runReplayCli, ['--recording', path.join(folder, 'none.jsonl'), '--json', path.join(folder, 'missing', 'r.json')], { env: {} });
    expect(code).toBe(2);
    expect(err).toMatch(/the folder .*missing does not exist/);
    expect(await readdir(folder)).toEqual([]);
  });
});
