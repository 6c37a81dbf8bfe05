/**
 * The stored replay runs through mana-auth (as mounted there): the routes are
 * admin-only, list newest first with paging, show one run with its differences
 * tied to the recorded tick, answer 404 for an unknown run; a stored run is
 * replaced, not doubled, when stored again; a result of another version is
 * listed with what its columns say and `result: null`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminReplayDetail, adminReplayList, replayResult, type ReplayResult } from '@mana/contracts';
import { createAuthHarness, type AuthHarness } from '@mana/auth/testing';
import { storeReplayRun } from '../store/replay-runs';

let h: AuthHarness;
let token: string;

/** A replay result with every total 0 except those given (the totals are read from the contract, so a new count needs no edit here). */
function result(id: string, startedAt: string, fields: Partial<ReplayResult> = {}): ReplayResult {
  const zero = Object.fromEntries(Object.keys(replayResult.shape.totals.shape).map((key) => [key, 0])) as ReplayResult['totals'];
  return {
    version: 1,
    id,
    startedAt,
    finishedAt: new Date(Date.parse(startedAt) + 60_000).toISOString(),
    target: { kind: 'in-process', virtualClock: true, database: 'pglite' },
    recording: { format: 'mana-personas-recording', version: 1, personas: 2, ticks: 6, calls: 40 },
    settings: { latencyRatio: 2, latencyMinMs: 50, allow: [], liveAfterDivergence: false },
    totals: { ...zero, personas: 2, ticks: 6, calls: 40, replayed: 40 },
    byKind: {},
    tools: [],
    differences: [],
    differencesOmitted: 0,
    notes: [],
    exitCode: 0,
    ...fields,
  };
}

const faulty = (() => {
  const base = result('run-2', '2026-03-15T11:00:00.000Z');
  return result('run-2', '2026-03-15T11:00:00.000Z', {
    target: { kind: 'remote', mcpUrl: 'https://staging.mana.test/mcp', authUrl: 'https://staging.mana.test', virtualClock: false },
    totals: { ...base.totals, differences: 1, regressions: 1, toolsChanged: 1 },
    byKind: { 'ok→error': 1 },
    tools: [{ tool: 'todo_complete', calls: 3, replayed: 3, skipped: 0, differences: { 'ok→error': 1 }, regression: true }],
    differences: [
      {
        kind: 'ok→error',
        tool: 'todo_complete',
        regression: true,
        detail: 'was ok, now error',
        persona: 'persona.anna',
        tickId: 'tick-anna-1',
        slot: '2026-03-09',
        step: 2,
        callId: 'offline-1-2',
        at: '2026-03-09T08:00:01.000Z',
        arguments: { todoId: 't1' },
        recorded: { result: 'ok', text: '{"todo":{"id":"t1"}}' },
        replayed: { result: 'error', text: 'injected fault' },
      },
    ],
    exitCode: 1,
  });
})();

beforeAll(async () => {
  h = await createAuthHarness();
  token = (await h.admin()).accessToken;
  await storeReplayRun(h.database, result('run-1', '2026-03-15T10:00:00.000Z'));
  await storeReplayRun(h.database, faulty);
  await storeReplayRun(h.database, result('run-3', '2026-03-15T12:00:00.000Z'));
}, 300_000);
afterAll(async () => {
  await h?.close();
});

const get = (path: string, auth = true) => h.request(path, { headers: auth ? { authorization: `Bearer ${token}` } : {} });

describe('GET /api/v1/admin/replays', () => {
  it('is for admins only', async () => {
    expect((await get('/api/v1/admin/replays', false)).status).toBe(401);
    expect((await get('/api/v1/admin/replays/run-1', false)).status).toBe(401);
    const user = await h.signUp('replay-reader@mana.test');
    const { accessToken } = await h.login('replay-reader@mana.test', user.password);
    expect((await h.request('/api/v1/admin/replays', { headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(403);
  });

  it('lists the runs newest first, paged, with their counts', async () => {
    const res = await get('/api/v1/admin/replays');
    expect(res.status).toBe(200);
    const list = adminReplayList.parse(await res.json());
    expect(list.total).toBe(3);
    expect(list.runs.map((r) => r.id)).toEqual(['run-3', 'run-2', 'run-1']);
    expect(list.runs[1]).toMatchObject({
      target: 'https://staging.mana.test/mcp',
      calls: 40,
      differences: 1,
      regressions: 1,
      toolsChanged: 1,
      exitCode: 1,
      recording: { format: 'mana-personas-recording', ticks: 6 },
    });
    const page = adminReplayList.parse(await (await get('/api/v1/admin/replays?limit=1&offset=1')).json());
    expect(page).toMatchObject({ total: 3, runs: [{ id: 'run-2' }] });
    expect((await get('/api/v1/admin/replays?limit=0')).status).toBe(400);
  });

  it('shows one run with its differences tied to the recorded tick, and 404 for an unknown run', async () => {
    const detail = adminReplayDetail.parse(await (await get('/api/v1/admin/replays/run-2')).json());
    expect(detail.result).toEqual(replayResult.parse(faulty));
    expect(detail.result?.differences[0]).toMatchObject({ kind: 'ok→error', tickId: 'tick-anna-1', step: 2 });
    const missing = await get('/api/v1/admin/replays/no-such-run');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No replay run no-such-run' } });
  });

  it('replaces a run stored again, refuses what is not a replay result, and lists a result of another version with result null', async () => {
    await storeReplayRun(h.database, result('run-1', '2026-03-15T10:00:00.000Z', { notes: ['stored twice'] }));
    await expect(storeReplayRun(h.database, { ...result('run-x', '2026-03-15T10:00:00.000Z'), version: 2 } as unknown as ReplayResult)).rejects.toThrow(/not a replay result/);
    await h.database.query(
      `insert into replay_runs (id, started_at, finished_at, target, recording, calls, differences, exit_code, result)
       values ('run-0', '2026-03-14T10:00:00Z', '2026-03-14T10:01:00Z', 'in-process', '{}'::jsonb, 5, 0, 0, '{"version": 99}'::jsonb)`,
    );
    const list = adminReplayList.parse(await (await get('/api/v1/admin/replays')).json());
    expect(list.runs.map((r) => r.id)).toEqual(['run-3', 'run-2', 'run-1', 'run-0']);
    expect(list.runs[3]).toMatchObject({ calls: 5, recording: null, regressions: null });
    const detail = adminReplayDetail.parse(await (await get('/api/v1/admin/replays/run-1')).json());
    expect(detail.result?.notes).toEqual(['stored twice']);
    expect(adminReplayDetail.parse(await (await get('/api/v1/admin/replays/run-0')).json()).result).toBeNull();
  });
});
