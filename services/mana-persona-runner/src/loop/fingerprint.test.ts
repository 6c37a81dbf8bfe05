import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CompleteRequest } from '@mana/contracts';
import { createLogger, simulatorKeyOf, surfaceHashOf } from '@mana/core';
import { manaRegistry } from '@mana/tools';
import type { PersonaDriver } from '../drivers/driver';
import { createRunner } from '../runner';
import { createScriptedDriver, SCRIPTED_POLICY_VERSION, type Script } from '../testing/scripted-driver';
import { createRunnerStack, type RunnerStack } from '../testing/stack';

let stack: RunnerStack;
const log = createLogger('runner-test', { level: 'silent' });

beforeAll(async () => {
  stack = await createRunnerStack();
});
afterAll(async () => stack?.close());
beforeEach(async () => {
  await stack.database.query(`delete from users where kind = 'persona'`);
  await stack.database.query('delete from tool_surfaces');
});

const rows = <T>(sql: string) => stack.database.query<T>(sql);
const ticks = () =>
  rows<{ status: string; driver: string; model: string; prompt_hash: string | null; policy_version: string | null; simulator_key: string | null; surface_hash: string | null }>(
    'select status, driver, model, prompt_hash, policy_version, simulator_key, surface_hash from persona_ticks order by persona_id',
  );
const surfaces = async () =>
  (await rows<{ hash: string; tools: unknown; tool_count: number }>('select hash, tools, tool_count from tool_surfaces')).map((s) => ({
    ...s,
    tools: (typeof s.tools === 'string' ? JSON.parse(s.tools) : s.tools) as { name: string }[],
  }));

/** A runner on one worker (ticks complete one after another) whose completions are kept as sent. */
function runnerWith(driver: PersonaDriver) {
  const runner = createRunner({ config: stack.config({ PERSONA_CONCURRENCY: '1' }), driver, log });
  const sent: CompleteRequest[] = [];
  const api = runner.deps.api!;
  const complete = api.complete.bind(api);
  api.complete = (tickId, input) => {
    sent.push(input);
    return complete(tickId, input);
  };
  return { runner, sent };
}

describe('each tick records its simulator fingerprint (real mana-auth and mana-mcp)', () => {
  it('sends the driver fingerprint with every completion and mana-mcp surface with the first only; mana-auth stores both and the simulator key', async () => {
    await stack.seed(3);
    const { runner, sent } = runnerWith(createScriptedDriver(() => ({ calls: 2 })));
    expect(await runner.scheduler!.runNow()).toMatchObject({ claimed: 3, succeeded: 3 });

    // The scripted driver reports no listing: the runner listed mana-mcp's (exposed) tools itself, as for the Claude Agent SDK.
    const [surface] = await surfaces();
    expect(surface.tools.map((t) => t.name).sort()).toEqual(
      manaRegistry
        .exposedTools()
        .map((t) => t.name)
        .sort(),
    );
    expect(surface).toMatchObject({ hash: surfaceHashOf(surface.tools), tool_count: manaRegistry.exposedTools().length });
    expect(await surfaces()).toHaveLength(1);
    const fingerprint = { promptHash: null, policyVersion: SCRIPTED_POLICY_VERSION, surfaceHash: surface.hash };
    expect(sent.map((c) => c.fingerprint)).toEqual([fingerprint, fingerprint, fingerprint]);
    expect(sent.map((c) => c.surface?.hash)).toEqual([surface.hash, undefined, undefined]);

    const simulatorKey = simulatorKeyOf({ driver: 'offline', model: 'scripted-test-driver', promptHash: null, policyVersion: SCRIPTED_POLICY_VERSION });
    const row = { status: 'succeeded', driver: 'offline', model: 'scripted-test-driver', prompt_hash: null, policy_version: SCRIPTED_POLICY_VERSION, simulator_key: simulatorKey };
    expect(await ticks()).toEqual([1, 2, 3].map(() => ({ ...row, surface_hash: surface.hash })));
    await runner.shutdown(0);
  });

  it("takes the surface a driver's own session listed (its six defining members), and a failed day that listed nothing has a fingerprint without a surface", async () => {
    const [lister, failing] = await stack.seed(2);
    const listed = [
      { name: 'todo_list', description: 'Lists todos.', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true }, _meta: { session: 'a1' } },
      { name: 'notes_create', title: 'New note', description: 'Creates a note.', inputSchema: { type: 'object' }, outputSchema: { type: 'object' }, icons: [] },
    ];
    const scripts = new Map<string, Script>([[failing.email, { calls: 1, fail: 'driver exploded' }]]);
    const scripted = createScriptedDriver((email) => scripts.get(email) ?? { calls: 2 });
    const driver: PersonaDriver = {
      ...scripted,
      runDay: async (ctx) => {
        if (ctx.persona.email === lister.email) ctx.onToolsListed?.(listed);
        return scripted.runDay(ctx);
      },
    };
    const { runner, sent } = runnerWith(driver);
    expect(await runner.scheduler!.runNow()).toMatchObject({ claimed: 2, succeeded: 1 });

    const defining = listed.map(({ _meta, icons, ...tool }) => tool);
    const hash = surfaceHashOf(defining);
    expect(await surfaces()).toEqual([{ hash, tools: defining, tool_count: 2 }]);
    const byPersona = await rows<{ email: string; status: string; policy_version: string; surface_hash: string | null }>(
      'select u.email, t.status, t.policy_version, t.surface_hash from persona_ticks t join users u on u.id = t.persona_id',
    );
    expect(byPersona).toEqual(
      expect.arrayContaining([
        { email: lister.email, status: 'succeeded', policy_version: SCRIPTED_POLICY_VERSION, surface_hash: hash },
        { email: failing.email, status: 'failed', policy_version: SCRIPTED_POLICY_VERSION, surface_hash: null },
      ]),
    );
    expect(sent.filter((c) => c.surface)).toHaveLength(1);
    await runner.shutdown(0);
  });
});
