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
import { regressedReplayResultFixture, replayResultFixture } from '../testing/replay-results';

let h: AuthHarness;
let token: string;

const result = replayResultFixture;
const faulty = regressedReplayResultFixture('run-2', '2026-03-15T11:00:00.000Z', {
  target: { kind: 'remote', mcpUrl: 'https://staging.mana.test/mcp', authUrl: 'https://staging.mana.test', virtualClock: false },
});

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
