/**
 * No secret leaves a tick (issue 10 §2.5): one full tick with each driver (the LLM
 * drivers against the local fake APIs) through real mana-auth and mana-mcp, with the
 * three services' loggers at debug level captured. Neither the log lines, nor the
 * `/metrics` bodies, nor what the tick stored (its persona_ticks row and record,
 * persona_actions, persona_feedback) may hold the service key, the persona's password,
 * the API keys the drivers were given, or the JWT and refresh tokens issued during the
 * tick. A careless model puts the keys into a tool's arguments and its rating note.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, derivePersonaPassword, DEV_PERSONA_SEED_SECRET } from '@mana/core';
import { createDriver } from './drivers/create-driver';
import { createRunner } from './runner';
import { startFakeAnthropic } from './testing/fakes/anthropic-messages';
import type { FakeRequest, FakeServer, FakeTurn } from './testing/fakes/fake-llm';
import { startFakeOpenAi } from './testing/fakes/openai-chat';
import { driverEnvs } from './testing/driver-env';
import { createRunnerStack, type RunnerStack } from './testing/stack';

const API_KEY = 'sk-ant-no-secrets-test-key-0123456789';
const OPENAI_KEY = 'sk-local-no-secrets-key-98765';
const lines: string[] = [];
const capture = (service: string) => createLogger(service, { level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
let stack: RunnerStack;
let anthropic: FakeServer;
let openai: FakeServer;

/** Creates a todo whose notes carry both API keys, then rates with the key in the note. */
function script(request: FakeRequest): FakeTurn {
  if (request.userText.includes('"ratings"')) return { text: `{"ratings":[{"module":"todo","rating":2,"notes":"slow; my keys are ${API_KEY} and ${OPENAI_KEY}"}]}` };
  const create = request.tools.find((offered) => offered === 'todo_create' || offered.endsWith('__todo_create'));
  if (!create) return { text: 'ok' };
  if (request.toolResults.length === 0)
    return { text: 'Ich plane den Tag.', toolCalls: [{ id: `call_${request.index}`, name: create, input: { title: 'Keys', notes: `${API_KEY} ${OPENAI_KEY}` } }] };
  return { text: 'Erledigt.' };
}

beforeAll(async () => {
  stack = await createRunnerStack({ mcpEnv: { MCP_RATE_LIMIT_PER_MINUTE: '100000' }, authLog: capture('mana-auth'), mcpLog: capture('mana-mcp') });
  anthropic = await startFakeAnthropic({ script });
  openai = await startFakeOpenAi({ script });
});
afterAll(async () => {
  await anthropic?.close();
  await openai?.close();
  await stack?.close();
});

const envOf = () => driverEnvs({ anthropic, openai, anthropicKey: API_KEY, openaiKey: OPENAI_KEY, scratchPrefix: 'mana-no-secrets-' });

/** Everything a tick of this persona stored, as text per table. */
async function storedText(personaId: string): Promise<Record<string, string>> {
  const tables = ['persona_ticks', 'persona_tick_records', 'persona_actions', 'persona_feedback'];
  const stored: Record<string, string> = {};
  for (const table of tables) {
    const rows = await stack.database.query<{ row: string }>(`select t::text as row from ${table} t where t.persona_id = $1`, [personaId]);
    expect(rows.length, `${table} rows`).toBeGreaterThan(0);
    stored[table] = rows.map((r) => r.row).join('\n');
  }
  return stored;
}

describe('no secret in logs, /metrics or stored rows after a full tick', () => {
  for (const kind of Object.keys(envOf())) {
    it(`${kind}`, async () => {
      lines.length = 0;
      const [persona] = await stack.seed(1, { moduleMix: { todo: 3, notes: 1 } });
      const config = stack.config({ PERSONA_CONCURRENCY: '1', ...envOf()[kind as keyof ReturnType<typeof envOf>]() });
      const log = capture('mana-persona-runner');
      const runner = createRunner({ config, driver: await createDriver(config.driver, { log }), log, now: stack.now });
      let accessToken: string;
      try {
        const summary = await runner.scheduler!.runNow();
        expect(summary, JSON.stringify(summary.failed)).toMatchObject({ claimed: 1, succeeded: 1 });
        // The JWT the tick used (cached, so not a new login).
        accessToken = (await runner.deps.sessions.get(persona.email)).accessToken;
      } finally {
        await runner.shutdown(1_000);
      }
      const refreshTokens = (await stack.database.query<{ token: string }>(`select token from sessions where user_id = $1`, [persona.userId])).map((r) => r.token);
      expect(refreshTokens.length).toBeGreaterThan(0);
      const secrets: Record<string, string> = {
        'service key': stack.auth.config.serviceKey,
        'persona password': derivePersonaPassword(DEV_PERSONA_SEED_SECRET, persona.email),
        'persona seed secret': DEV_PERSONA_SEED_SECRET,
        'Better Auth secret': stack.auth.config.authSecret,
        'JWT of the tick': accessToken,
        ...Object.fromEntries(refreshTokens.map((token, i) => [`session/refresh token ${i}`, token])),
        ...(kind === 'offline' ? {} : { 'Anthropic API key': API_KEY, 'OpenAI-compatible API key': OPENAI_KEY }),
      };
      const metrics = [
        await (await stack.auth.request('/metrics')).text(),
        await (await fetch(`${stack.mcp.url}/metrics`)).text(),
        await (await runner.app.request('/metrics')).text(),
      ].join('\n');
      const logs = lines.join('');
      const stored = await storedText(persona.userId);

      // The capture is real: the tick's own lines from all three services are in it.
      const services = new Set(lines.map((line) => (JSON.parse(line) as { service: string }).service));
      expect([...services].sort()).toEqual(['mana-auth', 'mana-mcp', 'mana-persona-runner']);
      expect(metrics).toContain('persona_runner_ticks_total{outcome="succeeded"} 1');
      for (const [what, secret] of Object.entries(secrets)) {
        expect(secret.length, what).toBeGreaterThanOrEqual(8);
        expect(logs.includes(secret), `${what} in the logs`).toBe(false);
        expect(metrics.includes(secret), `${what} in /metrics`).toBe(false);
        for (const [table, text] of Object.entries(stored)) expect(text.includes(secret), `${what} in ${table}`).toBe(false);
      }
      // By default no e-mail address is logged as itself (logger.test.ts: it becomes a stable hash).
      expect(logs).not.toContain(persona.email);
    }, 180_000);
  }
});
