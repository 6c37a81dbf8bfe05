import { beforeEach, describe, expect, it } from 'vitest';
import type { CompleteRequest } from '@mana/contracts';
import { simulatorKeyOf, surfaceHashOf } from '@mana/core';
import { manaRegistry } from '@mana/tools';
import { tickDetail } from './admin-tick';
import { claimDue } from './claim';
import { completeTick } from './complete';
import { insertPersonas } from './testing/test-fixtures';
import { usePersonaTestBed } from './testing/test-bed';

let clock: Date;
const { deps } = usePersonaTestBed(() => clock);
beforeEach(async () => {
  clock = new Date('2026-01-07T09:00:00Z');
  await deps.database.query('delete from tool_surfaces');
});

const tool = manaRegistry.tools()[0];
const usage = { inputTokens: 0, outputTokens: 0, costUsd: 0 };
const tools = [
  { name: 'todo_list', description: 'Lists todos.', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } },
  { name: 'notes_create', description: 'Creates a note.', inputSchema: { type: 'object', properties: { title: { type: 'string' } } } },
];
const surface = { hash: surfaceHashOf(tools), tools };
const fingerprint = { promptHash: '0123456789abcdef', policyVersion: 'offline-v2', surfaceHash: surface.hash };

async function claimedTick(id: string): Promise<string> {
  await insertPersonas(deps.database, [{ id, cadence: 'daily', timeZone: 'UTC' }]);
  return (await claimDue(deps, { runnerId: 'r1', limit: 1, leaseMs: 600_000 })).claims[0].tickId;
}

const tickRow = async (tickId: string) =>
  (await deps.database.query('select status, driver, model, prompt_hash, policy_version, simulator_key, surface_hash from persona_ticks where id = $1', [tickId]))[0];
const surfaces = () => deps.database.query<{ hash: string; tools: unknown; tool_count: number; first_seen_at: Date }>('select * from tool_surfaces');

describe('a completion stores the simulator fingerprint', () => {
  it('stores prompt hash, policy version, surface hash and the simulator key derived from the four on the tick; the surface once per hash', async () => {
    const tickId = await claimedTick('fin');
    const request: CompleteRequest = { status: 'succeeded', usage, driver: 'offline', model: 'offline-policy-v2', fingerprint, surface, actions: [] };
    await completeTick(deps, tickId, request);
    const simulatorKey = simulatorKeyOf({ driver: 'offline', model: 'offline-policy-v2', promptHash: fingerprint.promptHash, policyVersion: 'offline-v2' });
    expect(await tickRow(tickId)).toEqual({
      status: 'succeeded',
      driver: 'offline',
      model: 'offline-policy-v2',
      prompt_hash: fingerprint.promptHash,
      policy_version: 'offline-v2',
      simulator_key: simulatorKey,
      surface_hash: surface.hash,
    });
    const [stored] = await surfaces();
    expect(stored).toMatchObject({ hash: surface.hash, tool_count: 2 });
    expect(typeof stored.tools === 'string' ? JSON.parse(stored.tools) : stored.tools).toEqual(tools);
    expect(new Date(stored.first_seen_at)).toEqual(clock);

    // Another tick sending the same surface later keeps the first copy and its first sighting.
    clock = new Date('2026-01-08T09:00:00Z');
    const next = await claimedTick('fio');
    await completeTick(deps, next, { ...request, surface: { hash: surface.hash, tools: [...tools].reverse() } });
    expect(await surfaces()).toHaveLength(1);
    expect(new Date((await surfaces())[0].first_seen_at)).toEqual(new Date('2026-01-07T09:00:00Z'));
    expect(await tickRow(next)).toMatchObject({ surface_hash: surface.hash, simulator_key: simulatorKey });

    const detail = await tickDetail(deps, tickId);
    expect(detail.tick.fingerprint).toEqual({
      driver: 'offline',
      model: 'offline-policy-v2',
      promptHash: fingerprint.promptHash,
      policyVersion: 'offline-v2',
      simulatorKey,
      surfaceHash: surface.hash,
      surfaceTools: 2,
    });
  });

  it('stores all-null fingerprint columns for a runner that sends none, and the admin tick shows them null', async () => {
    const tickId = await claimedTick('old');
    await completeTick(deps, tickId, { status: 'failed', usage, driver: 'offline', error: 'mcp down' });
    expect(await tickRow(tickId)).toMatchObject({ prompt_hash: null, policy_version: null, simulator_key: null, surface_hash: null });
    expect((await tickDetail(deps, tickId)).tick.fingerprint).toEqual({
      driver: 'offline',
      model: null,
      promptHash: null,
      policyVersion: null,
      simulatorKey: null,
      surfaceHash: null,
      surfaceTools: null,
    });
  });

  it('shows the surface hash without a tool count when no copy of that surface is stored (a runner sent it to a database reset since)', async () => {
    const tickId = await claimedTick('gap');
    await completeTick(deps, tickId, { status: 'succeeded', usage, driver: 'anthropic', model: 'claude-haiku-4-5', fingerprint: { ...fingerprint, policyVersion: null } });
    expect((await tickDetail(deps, tickId)).tick.fingerprint).toMatchObject({ surfaceHash: surface.hash, surfaceTools: null, policyVersion: null });
  });

  it('refuses a surface whose tools do not hash to its hash, or that the fingerprint does not name, and writes nothing', async () => {
    const tickId = await claimedTick('bad');
    const actions = [{ tickId, callId: 'c1', toolName: tool.name, inputHash: 'x', result: 'ok' as const }];
    const base: CompleteRequest = { status: 'succeeded', usage, driver: 'offline', fingerprint, actions };
    const edited = { hash: surface.hash, tools: [{ ...tools[0], description: 'Lists every todo.' }, tools[1]] };
    await expect(completeTick(deps, tickId, { ...base, surface: edited })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining(`surface.hash ${surface.hash} does not match its tools: they hash to ${surfaceHashOf(edited.tools)}`),
    });
    const other = { hash: surfaceHashOf(tools.slice(1)), tools: tools.slice(1) };
    await expect(completeTick(deps, tickId, { ...base, surface: other })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining(`is not the one fingerprint.surfaceHash names (${surface.hash})`),
    });
    await expect(completeTick(deps, tickId, { ...base, fingerprint: undefined, surface })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('(none)'),
    });
    expect(await surfaces()).toEqual([]);
    expect(await tickRow(tickId)).toMatchObject({ status: 'claimed', prompt_hash: null, surface_hash: null });
    expect(await deps.database.query('select id from persona_actions where tick_id = $1', [tickId])).toEqual([]);
  });
});
