import { beforeEach, describe, expect, it } from 'vitest';
import type { ActionReport } from '@mana/contracts';
import { manaRegistry } from '@mana/tools';
import { claimDue } from './claim';
import { reportActions, reportFeedback } from './report-actions';
import { insertPersonas } from './testing/test-fixtures';
import { usePersonaTestBed } from './testing/test-bed';

const clock = new Date('2026-01-07T09:00:00Z');
let tickId: string;
const tool = manaRegistry.tools()[0];

const { deps } = usePersonaTestBed(() => clock);
beforeEach(async () => {
  await insertPersonas(deps.database, [
    { id: 'anna', cadence: 'daily', timeZone: 'Europe/Berlin' },
    { id: 'ben', cadence: 'daily', timeZone: 'Europe/Berlin' },
  ]);
  const { claims } = await claimDue(deps, { runnerId: 'r1', limit: 2, leaseMs: 600_000 });
  tickId = claims.find((c) => c.persona.userId === 'anna')!.tickId;
});

const action = (callId: string, extra: Partial<ActionReport> = {}): ActionReport => ({
  tickId,
  callId,
  toolName: tool.name,
  inputHash: 'h',
  result: 'ok',
  latencyMs: 12,
  ...extra,
});
const count = async (table: string) => (await deps.database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;

describe('reportActions', () => {
  it('is idempotent whatever the row order, takes the module from the registry and bumps last_active_at', async () => {
    const batch = [action('c1'), action('c2', { result: 'error', errorMessage: 'boom' }), action('c3', { toolName: 'made_up_tool' })];
    expect(await reportActions(deps, 'anna', batch)).toEqual({ inserted: 3 });
    expect(await reportActions(deps, 'anna', [...batch].reverse())).toEqual({ inserted: 0 });
    expect(await reportActions(deps, 'anna', [action('c4'), ...batch])).toEqual({ inserted: 1 });
    const rows = await deps.database.query<{ call_id: string; module: string }>(`select call_id, module from persona_actions order by call_id`);
    expect(rows).toEqual([
      { call_id: 'c1', module: tool.module },
      { call_id: 'c2', module: tool.module },
      { call_id: 'c3', module: 'unknown' },
      { call_id: 'c4', module: tool.module },
    ]);
    const [persona] = await deps.database.query<{ last_active_at: Date }>(`select last_active_at from personas where user_id = 'anna'`);
    expect(new Date(persona.last_active_at)).toEqual(clock);
  });

  it('unknown persona 404, a tick of another persona 409, over 500 rows 413 — and nothing is written', async () => {
    await expect(reportActions(deps, 'nobody', [action('c1')])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(reportActions(deps, 'ben', [action('c1')])).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(reportActions(deps, 'anna', [action('c1'), action('c2', { tickId: 'tick_missing' })])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const tooMany = Array.from({ length: 501 }, (_, i) => action(`c${i}`));
    await expect(reportActions(deps, 'anna', tooMany)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(await count('persona_actions')).toBe(0);
    const [persona] = await deps.database.query<{ last_active_at: Date | null }>(`select last_active_at from personas where user_id = 'anna'`);
    expect(persona.last_active_at).toBeNull();
  });

  it('stores the reported module of a foreign tool; refuses a module that disagrees with the registry, naming the tool, writing nothing', async () => {
    const other = manaRegistry.moduleIds().find((m) => m !== tool.module)!;
    await expect(reportActions(deps, 'anna', [action('c1', { toolName: 'echo', module: 'everything' }), action('c2', { module: other })])).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining(`tool ${tool.name} belongs to module "${tool.module}"`),
    });
    expect(await count('persona_actions')).toBe(0);
    const batch = [action('c1', { toolName: 'echo', module: 'everything' }), action('c2', { module: tool.module }), action('c3', { toolName: 'invented' })];
    expect(await reportActions(deps, 'anna', batch)).toEqual({ inserted: 3 });
    const rows = await deps.database.query<{ call_id: string; module: string }>(`select call_id, module from persona_actions order by call_id`);
    expect(rows).toEqual([
      { call_id: 'c1', module: 'everything' },
      { call_id: 'c2', module: tool.module },
      { call_id: 'c3', module: 'unknown' },
    ]);
  });

  it('takes a full batch of 500', async () => {
    expect(
      await reportActions(
        deps,
        'anna',
        Array.from({ length: 500 }, (_, i) => action(`c${i}`)),
      ),
    ).toEqual({ inserted: 500 });
  });
});

describe('reportFeedback', () => {
  const module = manaRegistry.moduleIds()[0];

  it('stores one rating per module per tick, idempotently; parse errors are kept apart without a rating', async () => {
    const other = manaRegistry.moduleIds()[1];
    const batch = [
      { tickId, module, rating: 4, notes: 'Schnell und klar.', status: 'rated' as const },
      { tickId, module: other, notes: '{kaputt', status: 'parse_error' as const },
    ];
    expect(await reportFeedback(deps, 'anna', batch)).toEqual({ inserted: 2 });
    expect(await reportFeedback(deps, 'anna', batch)).toEqual({ inserted: 0 });
    const rows = await deps.database.query(`select module, rating, status, notes from persona_feedback order by status`);
    expect(rows).toEqual([
      { module: other, rating: null, status: 'parse_error', notes: '{kaputt' },
      { module, rating: 4, status: 'rated', notes: 'Schnell und klar.' },
    ]);
  });

  it('refuses unknown modules, a module rated twice, a tick of another persona, over 100 rows — writing nothing', async () => {
    await expect(reportFeedback(deps, 'anna', [{ tickId, module: 'nonexistent', rating: 3, status: 'rated' }])).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('feedback.0.module'),
    });
    const twice = [
      { tickId, module, rating: 3, status: 'rated' as const },
      { tickId, module, rating: 5, status: 'rated' as const },
    ];
    await expect(reportFeedback(deps, 'anna', twice)).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(reportFeedback(deps, 'ben', [{ tickId, module, rating: 3, status: 'rated' }])).rejects.toMatchObject({ code: 'CONFLICT' });
    const tooMany = Array.from({ length: 101 }, () => ({ tickId, module, rating: 3, status: 'rated' as const }));
    await expect(reportFeedback(deps, 'anna', tooMany)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(await count('persona_feedback')).toBe(0);
  });

  it('accepts a rating for the module of a stored action of the same tick, but not for an unrelated one or for "unknown"', async () => {
    await reportActions(deps, 'anna', [action('c1', { toolName: 'echo', module: 'everything' }), action('c2', { toolName: 'invented' })]);
    for (const bad of ['everythng', 'unknown']) {
      await expect(reportFeedback(deps, 'anna', [{ tickId, module: bad, rating: 3, status: 'rated' }])).rejects.toMatchObject({
        code: 'VALIDATION',
        message: expect.stringContaining(`unknown module "${bad}"`),
      });
    }
    expect(await count('persona_feedback')).toBe(0);
    expect(await reportFeedback(deps, 'anna', [{ tickId, module: 'everything', rating: 4, status: 'rated' }])).toEqual({ inserted: 1 });
    const rows = await deps.database.query(`select tick_id, module, rating from persona_feedback`);
    expect(rows).toEqual([{ tick_id: tickId, module: 'everything', rating: 4 }]);
  });
});
