import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterValue, createLogger } from '@mana/core';
import { adminPersonaUpsertResponse, type PersonaDefinition } from '@mana/contracts';
import { createDriver } from '../drivers/create-driver';
import { createRunner } from '../runner';
import { createRunnerStack, type RunnerStack } from '../testing/stack';

let stack: RunnerStack;
const log = createLogger('runner-test', { level: 'silent' });

beforeAll(async () => {
  stack = await createRunnerStack();
});
afterAll(async () => stack?.close());

describe('a persona deleted and re-created with the same e-mail (issue 24 §4)', () => {
  it("the runner's next tick logs the new user in: no tick fails on the cached login of the deleted one", async () => {
    const { accessToken } = await stack.auth.admin('ops-recreated@mana.test');
    const admin = (method: string, path: string, json?: unknown) =>
      stack.auth.request(`/api/v1/admin/personas${path === '/' ? '' : path}`, { method, headers: { authorization: `Bearer ${accessToken}` }, ...(json ? { json } : {}) });
    const definition: PersonaDefinition = {
      name: 'Rea Created',
      email: `persona.recreated-${process.pid}@mana.test`,
      archetype: 'busy-parent',
      systemPrompt: 'Du bist eine geschäftige Test-Persona, die ihren Tag plant und Aufgaben notiert.',
      moduleMix: { todo: 3, notes: 1 },
      tickCadence: 'hourly',
      timeZone: 'UTC',
      locale: 'de-DE',
    };
    const put = await admin('PUT', '/', definition);
    const first = adminPersonaUpsertResponse.parse(await put.json().then((b) => (put.status === 200 ? b : Promise.reject(new Error(JSON.stringify(b))))));
    const config = stack.config();
    const runner = createRunner({ config, driver: await createDriver(config.driver, { log }), log, now: stack.now });
    expect(await runner.scheduler!.runNow()).toMatchObject({ claimed: 1, succeeded: 1, failed: [] });

    expect((await admin('DELETE', `/${first.userId}`)).status).toBe(200);
    const second = adminPersonaUpsertResponse.parse(await (await admin('PUT', '/', definition)).json());
    expect(second).toMatchObject({ created: true, email: definition.email });
    expect(second.userId).not.toBe(first.userId);

    // The new persona is due at once, while the cached JWT of the deleted user is still fresh.
    expect(await runner.scheduler!.runNow()).toMatchObject({ claimed: 1, succeeded: 1, failed: [] });
    const ticks = await stack.database.query<{ status: string }>(`select status from persona_ticks where persona_id = $1`, [second.userId]);
    expect(ticks).toEqual([{ status: 'succeeded' }]);
    expect(await counterValue(runner.deps.metrics.logins, { method: 'password' })).toBe(2);
    expect(await counterValue(runner.deps.metrics.logins, { method: 'refresh' })).toBe(0);
    await runner.shutdown();
  });
});
