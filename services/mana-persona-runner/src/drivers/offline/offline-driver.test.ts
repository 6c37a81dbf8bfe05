import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@mana/core';
import { loadMcpConfig, startMcpServer } from '@mana/mcp';
import { createMcpHarness, manaHeaders, type McpHarness } from '@mana/mcp/testing';
import { manaRegistry } from '@mana/tools';
import type { RecordedAction } from '../driver';
import { testDayContext, testPersona } from '../../testing/day-context';
import { createOfflineDriver, OFFLINE_MODEL } from './offline-driver';
import { OFFLINE_POLICY_VERSION, OFFLINE_VARIANT_POLICY_VERSION } from './offline-policies';

const log = createLogger('offline-test', { level: 'silent' });
const driver = createOfflineDriver({ offlineDelayMs: 0 }, { log });
let harness: McpHarness;
/** A second mana-mcp on the same database and auth, failing every todo_create. */
let faulty: Awaited<ReturnType<typeof startMcpServer>>;

beforeAll(async () => {
  harness = await createMcpHarness({ env: { MCP_RATE_LIMIT_PER_MINUTE: '100000' } });
  const config = loadMcpConfig({
    NODE_ENV: 'test',
    PORT: '0',
    MANA_AUTH_URL: harness.authUrl,
    MCP_JWT_ISSUER: harness.auth.config.baseUrl,
    MCP_RATE_LIMIT_PER_MINUTE: '100000',
    MCP_FAULTS: 'todo_create:error=1',
  });
  faulty = await startMcpServer({ config, database: harness.auth.database, now: harness.now, log, sweep: false });
});

afterAll(async () => {
  await faulty?.close();
  await harness?.close();
});

async function target(endpoint = harness.endpoint) {
  const user = await harness.user('persona');
  return { user, mcp: { url: endpoint, headers: manaHeaders(user.token, user.spaceId) } };
}

/** The day as a comparable trace: ids differ between two spaces, everything else must not. */
function trace(actions: RecordedAction[]) {
  return actions.map((a) => ({ tool: a.toolName, module: a.module, result: a.result, input: JSON.stringify(a.input, (key, value) => (key.endsWith('Id') ? '<id>' : value)) }));
}

describe('offline driver against the real mana-mcp', () => {
  it('says plainly it is not an LLM and records real calls with hashes, modules and latency', async () => {
    const { mcp } = await target();
    const ctx = testDayContext({ persona: testPersona(), mcp, seed: 'persona-a:2026-11-26' });
    const listed: unknown[] = [];
    ctx.onToolsListed = (tools) => listed.push(...tools);
    const day = await driver.runDay(ctx);
    expect(driver.model).toBe(OFFLINE_MODEL);
    // The surface the persona saw, as mana-mcp sent it: every exposed tool with its schema.
    expect((listed as { name: string }[]).map((tool) => tool.name).sort()).toEqual(
      manaRegistry
        .exposedTools()
        .map((tool) => tool.name)
        .sort(),
    );
    expect(day.summary).toMatch(/kein LLM/);
    expect(day.termination).toBe('completed');
    expect(day.actions.length).toBeGreaterThanOrEqual(3);
    expect(day.actions.length).toBeLessThanOrEqual(8);
    for (const action of day.actions) {
      expect(action.module).toBe(manaRegistry.moduleOf(action.toolName));
      expect(action.inputHash).toMatch(/^[0-9a-f]{64}$/);
      // The client's round trip, in whole ms, holds mana-mcp's own handler time (which the server reports).
      expect(Number.isInteger(action.latencyMs), `${action.toolName} latency ${action.latencyMs}`).toBe(true);
      expect(action.handlerMs, action.toolName).toBeGreaterThan(0);
      expect(action.latencyMs).toBeGreaterThanOrEqual(Math.floor(action.handlerMs!));
    }
    // Real HTTP round trips to a real database: a day of them cannot all take under half a millisecond.
    expect(day.actions.reduce((sum, a) => sum + (a.latencyMs ?? 0), 0)).toBeGreaterThan(0);
    // Errors can happen (reopening a todo that is open is refused), but the day is mostly successful.
    expect(day.actions.filter((a) => a.result === 'ok').length).toBeGreaterThan(day.actions.length / 2);
    expect(day.usage).toEqual({ inputTokens: 0, outputTokens: 0, costUsd: 0 });
  });

  it('lives the same day for the same seed and the same app state', async () => {
    const persona = testPersona({ moduleMix: { todo: 2, notes: 1 } });
    const first = await driver.runDay(testDayContext({ persona, mcp: (await target()).mcp, seed: 'same-seed' }));
    const second = await driver.runDay(testDayContext({ persona, mcp: (await target()).mcp, seed: 'same-seed' }));
    const other = await driver.runDay(testDayContext({ persona, mcp: (await target()).mcp, seed: 'other-seed' }));
    expect(trace(second.actions)).toEqual(trace(first.actions));
    expect(trace(other.actions)).not.toEqual(trace(first.actions));
  });

  it('calls every exposed tool at least once over 50 ticks of varied personas, chaining ids from results', async () => {
    const modules = manaRegistry.moduleIds();
    const called = new Set<string>();
    const errors: string[] = [];
    let calls = 0;
    for (let p = 0; p < 10; p++) {
      const { mcp } = await target();
      // Like the catalogue: each persona lives in three modules with its own weights; together they span the registry.
      const mix = Object.fromEntries([p, p + 3, p + 5].map((k, i) => [modules[k % modules.length], 3 - i]));
      const persona = testPersona({
        archetype: `tester-${p}`,
        moduleMix: mix,
        locale: p % 2 ? 'en-US' : 'de-DE',
        systemPrompt: `Persona ${p} of the coverage run, with its own temperament.`,
      });
      for (let day = 0; day < 5; day++) {
        const result = await driver.runDay(testDayContext({ persona, mcp, seed: `cov-${p}-${day}`, now: new Date(Date.UTC(2026, 10, 20 + day, 8)) }));
        for (const action of result.actions) {
          calls++;
          called.add(action.toolName);
          if (action.result === 'error') errors.push(`${action.toolName}: ${action.errorMessage}`);
        }
      }
    }
    const exposed = manaRegistry.exposedTools().map((tool) => tool.name);
    expect(exposed.filter((name) => !called.has(name))).toEqual([]);
    // Chained calls hit existing items in a state that fits: the persona is not flailing.
    expect(calls).toBeGreaterThanOrEqual(150);
    expect(errors.length, errors.join('\n')).toBeLessThanOrEqual(calls * 0.05);
  });

  it('rates lower when a tool fails and names the tool in the note', async () => {
    const persona = testPersona({ moduleMix: { todo: 1 }, locale: 'en-US' });
    const clean = await target();
    const broken = await target(`${faulty.url}/mcp`);
    const seed = 'fault-drill';
    const cleanCtx = testDayContext({ persona, mcp: clean.mcp, seed });
    const brokenCtx = testDayContext({ persona, mcp: broken.mcp, seed });
    const cleanDay = await driver.runDay(cleanCtx);
    const brokenDay = await driver.runDay(brokenCtx);
    expect(brokenDay.actions.some((a) => a.toolName === 'todo_create' && a.result === 'error')).toBe(true);
    const [cleanRating] = (await driver.rateDay(cleanCtx, cleanDay)).ratings;
    const [brokenRating] = (await driver.rateDay(brokenCtx, brokenDay)).ratings;
    expect(brokenRating.module).toBe('todo');
    expect(brokenRating.rating!).toBeLessThan(cleanRating.rating!);
    expect(brokenRating.notes).toMatch(/todo_create failed (once|twice|\d+ times)/);
    expect(cleanDay.actions.filter((a) => a.toolName === 'todo_create' && a.result === 'error')).toEqual([]);
    expect(cleanRating.notes).not.toMatch(/todo_create failed/);
  });

  it('stops when aborted, even while thinking, and says why', async () => {
    const { mcp } = await target();
    const controller = new AbortController();
    // An hour's think time: a driver that does not stop thinking on the abort fails on vitest's test time-out.
    const slow = createOfflineDriver({ offlineDelayMs: 3_600_000 }, { log });
    const thinking = testDayContext({ persona: testPersona(), mcp, seed: 'abort', signal: controller.signal });
    // The day states its intent (its first read of the day's clock) right before it thinks about its first call:
    // the abort comes in the next turn, while it thinks, not after a guessed 50 ms that a slow machine spends connecting.
    let stated = false;
    thinking.clock = () => {
      if (!stated) setImmediate(() => controller.abort(new DOMException('tick time-out', 'TimeoutError')));
      stated = true;
      return new Date();
    };
    const day = await slow.runDay(thinking);
    expect(day.termination).toBe('timeout');
    expect(day.actions).toEqual([]);
    expect(day.messages?.map((m) => m.kind)).toContain('intent');
    const shutdown = new AbortController();
    const ctx = testDayContext({ persona: testPersona(), mcp, seed: 'abort-2', signal: shutdown.signal });
    ctx.onAction = () => shutdown.abort(new Error('runner shutting down'));
    const cut = await driver.runDay(ctx);
    expect([cut.termination, cut.actions.length]).toEqual(['aborted', 1]);
  });

  it('keeps to the tool-call budget', async () => {
    const { mcp } = await target();
    const day = await driver.runDay(testDayContext({ persona: testPersona(), mcp, seed: 'budget', budgets: { maxToolCalls: 2 } }));
    expect(day.actions).toHaveLength(2);
    expect(day.termination).toBe('max_tool_calls');
  });
});

describe('offline driver: the variant policy (a simulator change)', () => {
  const before = new Date('2026-11-25T09:00:00Z');
  const after = new Date('2026-11-26T09:00:00Z');
  const switched = createOfflineDriver({ offlineDelayMs: 0, offlinePolicy: 'variant', offlinePolicyFrom: new Date('2026-11-26T00:00:00Z') }, { log });
  const persona = testPersona({ moduleMix: { todo: 3, notes: 1, habits: 2 }, locale: 'en-US' });
  const modulesOf = (actions: RecordedAction[]) => actions.map((a) => a.module);
  /** Modules in the order the day first turned to them; a module met again after another is listed again. */
  const runs = (modules: string[]) => modules.filter((module, i) => module !== modules[i - 1]);

  it('plays the standard policy before its instant and says which policy played', async () => {
    const ctx = async () => testDayContext({ persona, mcp: (await target()).mcp, seed: 'switch', now: before });
    const standardDay = await driver.runDay(await ctx());
    const switchedDay = await switched.runDay(await ctx());
    expect(trace(switchedDay.actions)).toEqual(trace(standardDay.actions));
    expect(switched.describe({ now: before })).toEqual({ model: null, promptHash: driver.describe().promptHash, policyVersion: OFFLINE_POLICY_VERSION });
    expect(switched.describe({ now: after }).policyVersion).toBe(OFFLINE_VARIANT_POLICY_VERSION);
    expect(driver.describe({ now: after }).policyVersion).toBe(OFFLINE_POLICY_VERSION);
    expect(driver.describe().promptHash).toMatch(/^[0-9a-f]{16}$/);
    expect(switchedDay.summary).toMatch(new RegExp(`^${OFFLINE_POLICY_VERSION} \\(not an LLM`));
  });

  it('after its instant, calls in another order (module by module, least liked first) for the same seeds and rates a star lower', async () => {
    let reordered = 0;
    for (const seed of ['v-1', 'v-2', 'v-3', 'v-4', 'v-5']) {
      const standardCtx = testDayContext({ persona, mcp: (await target()).mcp, seed, now: after });
      const variantCtx = testDayContext({ persona, mcp: (await target()).mcp, seed, now: after });
      const standardDay = await driver.runDay(standardCtx);
      const variantDay = await switched.runDay(variantCtx);
      expect(variantDay.summary).toMatch(new RegExp(`^${OFFLINE_VARIANT_POLICY_VERSION} \\(not an LLM`));
      const variantRuns = runs(modulesOf(variantDay.actions));
      // Each module once, in one run, from the least weighted to the most.
      expect(new Set(variantRuns).size, variantRuns.join()).toBe(variantRuns.length);
      const weights = variantRuns.map((module) => persona.moduleMix[module] ?? 0);
      expect(weights, variantRuns.join()).toEqual([...weights].sort((a, b) => a - b));
      if (JSON.stringify(trace(variantDay.actions)) !== JSON.stringify(trace(standardDay.actions))) reordered++;
      // The same day rated by both policies: never higher, at most a star lower.
      const standardRatings = (await driver.rateDay(standardCtx, standardDay)).ratings;
      const variantRatings = await switched.rateDay(variantCtx, standardDay);
      expect(JSON.parse(variantRatings.raw).policy).toBe(OFFLINE_VARIANT_POLICY_VERSION);
      variantRatings.ratings.forEach((rating, i) => {
        expect(rating.module).toBe(standardRatings[i].module);
        expect(rating.rating!).toBeLessThanOrEqual(standardRatings[i].rating!);
        expect(rating.rating!).toBeGreaterThanOrEqual(standardRatings[i].rating! - 1);
      });
    }
    expect(reordered).toBe(5);
  });
});
