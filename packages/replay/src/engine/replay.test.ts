/**
 * Replay end to end on the test database (PGlite, or PostgreSQL with
 * DATABASE_URL): three simulated days are exported and replayed against this
 * same build (0 differences, every call sent, ids remapped), against a build
 * with MCP_FAULTS on one tool (only that tool's calls `ok→error`, exit 1), and
 * against a registry where one tool's output gained a field (`shape`, `surface`)
 * and another tool is gone (`surface`).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { replayResult, type Recording, type RecordingCall } from '@mana/contracts';
import { captureCommand } from '@mana/core/testing/command';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { simulate } from '@mana/simulate';
import { createRegistry, manaRegistry, type ToolDefinition } from '@mana/tools';
import { runReplayCli } from '../cli/run-replay';
import { exportRecording } from '../recording/export-recording';
import { recordingText } from '../recording/recording-text';
import { replay } from './replay';
import { startInProcessTarget } from './target';
import type { ReplayedStep } from './replay-tick';

const SLOW = 600_000;
/** No latency findings in these tests: the machine's speed must not decide them (the threshold has its own unit test). */
const NO_LATENCY = { minMs: 1e9 };
const until = new Date('2026-11-20T06:00:00Z');

let source: TestDatabase;
let target: TestDatabase;
let recording: Recording;

const callsOf = (r: Recording): RecordingCall[] => r.ticks.flatMap((t) => t.steps.filter((s): s is RecordingCall => s.type === 'call'));

beforeAll(async () => {
  [source, target] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  const summary = await simulate({ database: source, days: 3, personas: 3, seed: 11, until, concurrency: 4 });
  ({ recording } = await exportRecording(source, { since: new Date(summary.from), until: new Date(summary.until) }));
}, SLOW);
afterAll(async () => {
  await Promise.all([source?.close(), target?.close()]);
});

describe('replay against the same build', () => {
  it('finds 0 differences, sends every call, and remaps ids through earlier results', { timeout: SLOW }, async () => {
    const steps: ReplayedStep[] = [];
    const result = await replay({ recording, database: target, latency: NO_LATENCY, keepPersonas: true, store: true, onCall: (s) => steps.push(s) });
    const calls = callsOf(recording);
    expect(calls.length).toBeGreaterThan(20);
    expect(result.differences).toEqual([]);
    expect(result.totals).toMatchObject({ calls: calls.length, replayed: calls.length, skipped: 0, differences: 0, regressions: 0 });
    expect(result.exitCode).toBe(0);
    expect(result.totals.remappedIds).toBeGreaterThan(0);
    // Stored for the dashboard (by default only on PostgreSQL, where the database outlives the run).
    expect(await target.query('select calls, differences, exit_code from replay_runs where id = $1', [result.id])).toEqual([{ calls: calls.length, differences: 0, exit_code: 0 }]);

    // A remapped id: the recorded argument named a row of the recorded database; the replayed one names the replayed row.
    const remapped = steps.map((s) => ({ s, pair: firstChangedString(s.call.arguments, s.args) })).find((x) => x.pair);
    expect(remapped, 'a call with a remapped id argument').toBeDefined();
    const [oldId, newId] = remapped!.pair!;
    expect(remapped!.s.replayed.ok).toBe(true);
    const where = `select id from todos where id = $1 union all select id from notes where id = $1 union all select id from habits where id = $1
                   union all select id from contacts where id = $1 union all select id from calendar_events where id = $1`;
    expect(await target.query(where, [newId])).toHaveLength(1);
    expect(await target.query(where, [oldId])).toHaveLength(0);
  });
});

describe('replay against a changed build', () => {
  it('reports the faulted tool ok→error and nothing else as a regression: exit 1, JUnit failure for that tool only (through the CLI)', { timeout: SLOW }, async () => {
    const okCalls = new Map<string, number>();
    for (const call of callsOf(recording)) if (call.result === 'ok' && call.toolName.endsWith('_list')) okCalls.set(call.toolName, (okCalls.get(call.toolName) ?? 0) + 1);
    const [tool, count] = [...okCalls].sort((a, b) => b[1] - a[1])[0];
    const folder = await mkdtemp(path.join(tmpdir(), 'mana-replay-'));
    const file = (name: string) => path.join(folder, name);
    await writeFile(file('days.jsonl'), recordingText(recording));
    const argv = ['--recording', file('days.jsonl'), '--json', file('r.json'), '--junit', file('r.xml'), '--latency-min-ms', '1000000000'];
    const progress = { write: () => true, isTTY: false };
    const { code, out } = await captureCommand(runReplayCli, argv, { database: target, env: { MCP_FAULTS: `${tool}:error=1`, LOG_LEVEL: 'silent' }, progress });
    expect(code).toBe(1);

    const result = replayResult.parse(JSON.parse(await readFile(file('r.json'), 'utf8')));
    expect(result.exitCode).toBe(1);
    expect(result.byKind['ok→error']).toBe(count);
    expect(result.tools.filter((t) => t.regression).map((t) => t.tool)).toEqual([tool]);
    expect(result.differences.filter((d) => d.kind === 'ok→error').every((d) => d.tool === tool && /injected fault/.test(d.replayed?.text ?? ''))).toBe(true);
    const junit = await readFile(file('r.xml'), 'utf8');
    expect([...junit.matchAll(/<testcase [^>]*name="([^"]+)"[^>]*>\s*<failure/g)].map((m) => m[1])).toEqual([tool]);
    expect([...junit.matchAll(/<testcase /g)]).toHaveLength(result.tools.length);
    expect(out).toContain(`## Replay: 1 tool changed behaviour in ${result.totals.replayed} replayed calls`);
  });

  it('reports a changed output as shape and surface, and a removed tool as surface', { timeout: SLOW }, async () => {
    const called = new Set(
      callsOf(recording)
        .filter((c) => c.result === 'ok')
        .map((c) => c.toolName),
    );
    const changed = [...called].find((name) => name.endsWith('_list'))!;
    const removed = [...called].find((name) => name !== changed && manaRegistry.tool(name)?.policy === 'read')!;
    const modules = manaRegistry.modules().map((module) => ({
      ...module,
      tools: module.tools.filter((t) => t.name !== removed).map((t): ToolDefinition => (t.name === changed ? withRevisionField(t) : t)),
    }));
    const result = await replay({ recording, database: target, registry: createRegistry(modules), latency: NO_LATENCY, allow: [] });
    expect(result.exitCode).toBe(1);
    const kindsOf = (name: string) => Object.keys(result.tools.find((t) => t.tool === name)!.differences).sort();
    expect(kindsOf(changed)).toEqual(['shape', 'surface']);
    expect(result.differences.find((d) => d.tool === changed && d.kind === 'shape')?.detail).toMatch(/new "revision"/);
    expect(kindsOf(removed)).toEqual(['surface']);
    const removedSummary = result.tools.find((t) => t.tool === removed)!;
    expect(removedSummary).toMatchObject({ replayed: 0, skipped: removedSummary.calls, differences: { surface: 1 } });
  });
});

describe('replay against running services (--target-mcp, --target-auth)', () => {
  it('creates the personas through the admin API, replays every call over their MCP, says there was no virtual clock, and removes the personas', { timeout: SLOW }, async () => {
    // Running services on the wall clock: this build's mana-auth and mana-mcp, reached only over HTTP.
    const services = await startInProcessTarget({ database: target, env: { LOG_LEVEL: 'silent' }, clock: { now: () => new Date(), set: () => undefined } });
    try {
      const admin = { email: 'replay-admin@mana.test', password: 'a-long-admin-password-1' };
      const signUp = await fetch(`${services.authUrl}/api/auth/sign-up/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: services.authUrl },
        body: JSON.stringify({ ...admin, name: 'Replay Admin' }),
      });
      expect(signUp.status, await signUp.text()).toBe(200);
      await target.query(`update users set role = 'admin' where email = $1`, [admin.email]);
      const countReplayPersonas = async () => Number((await target.query<{ n: number }>(`select count(*)::int as n from users where email like 'replay-%'`))[0].n);
      const before = await countReplayPersonas();

      const result = await replay({
        recording,
        remote: { mcpUrl: services.mcpUrl, authUrl: services.authUrl },
        env: { MANA_ADMIN_EMAIL: admin.email, MANA_ADMIN_PASSWORD: admin.password, LOG_LEVEL: 'silent' },
        latency: NO_LATENCY,
      });
      expect(result.target).toEqual({ kind: 'remote', mcpUrl: services.mcpUrl, authUrl: services.authUrl, virtualClock: false });
      expect(result.totals.replayed + result.totals.skipped).toBe(result.totals.calls);
      expect(result.totals.replayed).toBeGreaterThan(0);
      expect(result.notes.join(' ')).toMatch(/without a virtual clock/);
      expect(await countReplayPersonas()).toBe(before);
    } finally {
      await services.close();
    }
  });

  it('refuses a remote target without admin credentials, before anything is created', async () => {
    await expect(replay({ recording, remote: { mcpUrl: 'http://127.0.0.1:9/mcp', authUrl: 'http://127.0.0.1:9' }, env: {} })).rejects.toThrow(/needs admin credentials/);
  });
});

/** The first string of the recorded arguments that the replay sent changed (a remapped id), as [recorded, replayed]. */
function firstChangedString(recorded: unknown, replayed: unknown): [string, string] | undefined {
  if (typeof recorded === 'string') return typeof replayed === 'string' && replayed !== recorded ? [recorded, replayed] : undefined;
  if (recorded === null || typeof recorded !== 'object' || replayed === null || typeof replayed !== 'object') return undefined;
  for (const [key, value] of Object.entries(recorded)) {
    const found = firstChangedString(value, (replayed as Record<string, unknown>)[key]);
    if (found) return found;
  }
  return undefined;
}

/** The tool with one more field in its output (schema and handler): what a careless release does. */
function withRevisionField(tool: ToolDefinition): ToolDefinition {
  return {
    ...tool,
    output: tool.output.extend({ revision: z.string() }),
    handler: async (input, ctx) => ({ ...(await tool.handler(input, ctx)), revision: 'v2' }),
  };
}
