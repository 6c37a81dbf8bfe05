/**
 * Tracing end to end: the runner, a real mana-auth and a real mana-mcp, each with
 * its own OpenTelemetry tracer provider exporting into memory. One persona tick
 * must come out as one connected trace across the three services: the runner's
 * claim -> login -> day -> rating -> complete, mana-auth's request spans under the
 * runner's calls (W3C traceparent over real HTTP), mana-mcp's tool spans under the
 * day with the tool's statements under them; LLM turns (AI SDK telemetry) too.
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@mana/core';
import { memoryTraces, type ReadableSpan } from '@mana/core/testing/tracing';
import { createDriver } from '../drivers/create-driver';
import { createRunner } from '../runner';
import { startFakeAnthropic } from '../testing/fakes/anthropic-messages';
import type { FakeRequest, FakeServer, FakeTurn } from '../testing/fakes/fake-llm';
import { createRunnerStack, type RunnerStack } from '../testing/stack';
import { UNTIL_EVENT } from '../testing/wait';

const log = createLogger('trace-test', { level: 'silent' });
const traces = memoryTraces();
let stack: RunnerStack;
let anthropic: FakeServer;

/** Create a todo, list, close the day; rate in JSON. */
function script(request: FakeRequest): FakeTurn {
  if (request.userText.includes('"ratings"')) return { text: '{"ratings":[{"module":"todo","rating":4,"notes":"fine"}]}' };
  const tool = (name: string) => request.tools.find((offered) => offered === name || offered.endsWith(`__${name}`));
  if (!tool('todo_create')) return { text: 'ok' };
  const done = request.toolResults.length;
  if (done === 0) return { text: 'Erst eine Aufgabe.', toolCalls: [{ id: `call_create_${request.index}`, name: tool('todo_create')!, input: { title: 'Steuer' } }] };
  if (done === 1) return { toolCalls: [{ id: `call_list_${request.index}`, name: tool('todo_list')!, input: {} }] };
  return { text: 'Fertig für heute.' };
}

beforeAll(async () => {
  stack = await createRunnerStack({ mcpEnv: { MCP_RATE_LIMIT_PER_MINUTE: '100000' }, tracing: { auth: traces.forService('mana-auth'), mcp: traces.forService('mana-mcp') } });
  anthropic = await startFakeAnthropic({ script });
});
afterAll(async () => {
  await anthropic?.close();
  await stack?.close();
});
beforeEach(() => traces.reset());

/** Plays one tick of one fresh persona with a traced runner; returns the tick's trace and the claim's. */
async function traceOneTick(env: Record<string, string>) {
  const [persona] = await stack.seed(1, { moduleMix: { todo: 1 } });
  const config = stack.config({ PERSONA_CONCURRENCY: '1', ...env });
  const runner = createRunner({ config, driver: await createDriver(config.driver, { log }), log, now: stack.now, tracing: traces.forService('mana-persona-runner') });
  try {
    const summary = await runner.scheduler!.runNow();
    expect(summary, JSON.stringify(summary.failed)).toMatchObject({ claimed: 1, succeeded: 1 });
  } finally {
    await runner.shutdown(1_000);
  }
  const spans = traces.spans();
  const ticks = spans.filter((s) => s.name === 'persona_tick');
  expect(ticks).toHaveLength(1);
  const tick = ticks[0]!;
  const inTrace = (root: ReadableSpan) => spans.filter((s) => s.spanContext().traceId === root.spanContext().traceId);
  const actions = await stack.database.query<{ tool_name: string }>('select tool_name from persona_actions where persona_id = $1', [persona!.userId]);
  return { tick, trace: inTrace(tick), spans, inTrace, actions };
}

const service = (s: ReadableSpan) => s.resource.attributes['service.name'];
const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
const childrenOf = (trace: ReadableSpan[], parent: ReadableSpan) => trace.filter((s) => parentOf(s) === parent.spanContext().spanId);
const one = (spans: ReadableSpan[], name: string | RegExp) => {
  const found = spans.filter((s) => (typeof name === 'string' ? s.name === name : name.test(s.name)));
  expect(
    found.map((s) => s.name),
    `exactly one span ${name}`,
  ).toHaveLength(1);
  return found[0]!;
};

/** Connected: one root (the tick), every other span's parent is in the same trace. */
function expectConnected(trace: ReadableSpan[], root: ReadableSpan) {
  const ids = new Set(trace.map((s) => s.spanContext().spanId));
  expect(trace.filter((s) => !s.parentSpanContext)).toEqual([root]);
  for (const s of trace) if (s !== root) expect(ids.has(parentOf(s)!), `${s.name} (${service(s)}) has its parent in the trace`).toBe(true);
}

describe('one trace per persona tick', () => {
  it('offline driver: claim -> login -> day (tool calls with their statements) -> rating -> complete, across the three services', async () => {
    const { tick, trace, spans, inTrace, actions } = await traceOneTick({ PERSONA_DRIVER: 'offline' });
    expectConnected(trace, tick);
    expect(new Set(trace.map(service))).toEqual(new Set(['mana-persona-runner', 'mana-auth', 'mana-mcp']));
    expect(tick.attributes).toMatchObject({ 'mana.tick.status': 'succeeded', 'mana.driver': 'offline' });

    const steps = childrenOf(trace, tick).filter((s) => service(s) === 'mana-persona-runner');
    expect(steps.map((s) => s.name)).toEqual(expect.arrayContaining(['claim', 'login', 'day', 'rating', 'complete']));
    // The claim comes first and starts the tick; the completion ends it.
    const [claim, login, day, complete] = ['claim', 'login', 'day', 'complete'].map((name) => one(steps, name));
    expect(claim!.startTime).toEqual(tick.startTime);
    expect(login!.startTime[0] * 1e9 + login!.startTime[1]).toBeGreaterThanOrEqual(claim!.endTime[0] * 1e9 + claim!.endTime[1]);

    // mana-auth answered the runner's calls inside this trace: the password login under `login`,
    // the completion (and its statements) under `complete`.
    const authLogin = one(childrenOf(trace, login!), 'POST /api/v1/auth/login');
    expect(service(authLogin)).toBe('mana-auth');
    const authComplete = one(childrenOf(trace, complete!), /^POST \/api\/v1\/internal\/personas\/ticks\/:[a-zA-Z]+\/complete$/);
    expect(authComplete.attributes['http.response.status_code']).toBe(200);
    const completeStatements = childrenOf(trace, authComplete).filter((s) => s.attributes['db.system.name'] === 'postgresql');
    expect(completeStatements.length).toBeGreaterThan(0);
    for (const s of completeStatements) expect(String(s.attributes['db.query.text'])).not.toMatch(/@mana\.test/);

    // Every tool call of the day is a mana-mcp span under the day, with the tool's own statements under it.
    const tools = trace.filter((s) => s.attributes['gen_ai.operation.name'] === 'execute_tool');
    expect(tools.map((s) => s.attributes['gen_ai.tool.name']).sort()).toEqual(actions.map((a) => a.tool_name).sort());
    for (const tool of tools) {
      expect(service(tool)).toBe('mana-mcp');
      const request = trace.find((s) => s.spanContext().spanId === parentOf(tool))!;
      expect(request.name).toBe('POST /mcp');
      expect(parentOf(request)).toBe(day!.spanContext().spanId);
      expect(childrenOf(trace, tool).some((s) => s.attributes['db.system.name'] === 'postgresql')).toBe(true);
    }

    // The batch claim is its own short trace (runner -> mana-auth), linked from the tick.
    expect(tick.links.map((l) => l.context.traceId)).toHaveLength(1);
    const claimRoot = spans.find((s) => s.name === 'claim' && !s.parentSpanContext)!;
    expect(tick.links[0]!.context.spanId).toBe(claimRoot.spanContext().spanId);
    expect(inTrace(claimRoot).map((s) => s.name)).toContain('POST /api/v1/internal/personas/claim');
  });

  it('AI SDK driver: each LLM turn is a span with the GenAI attributes (model, token counts) under the day and the rating', async () => {
    const { tick, trace } = await traceOneTick({
      PERSONA_DRIVER: 'anthropic',
      ANTHROPIC_API_KEY: 'sk-ant-trace-test',
      ANTHROPIC_BASE_URL: anthropic.url,
      PERSONA_MODEL: 'claude-haiku-4-5',
    });
    expectConnected(trace, tick);
    const day = one(trace, 'day');
    const rating = one(trace, 'rating');
    const turns = trace.filter((s) => s.attributes['gen_ai.request.model'] !== undefined && s.attributes['gen_ai.usage.input_tokens'] !== undefined);
    expect(turns.length).toBeGreaterThanOrEqual(4); // three turns of the day, one of the rating
    const under = (span: ReadableSpan, ancestor: ReadableSpan): boolean => {
      const parent = trace.find((s) => s.spanContext().spanId === parentOf(span));
      return parent ? parent === ancestor || under(parent, ancestor) : false;
    };
    expect(turns.filter((t) => under(t, day)).length).toBeGreaterThanOrEqual(3);
    expect(turns.filter((t) => under(t, rating)).length).toBeGreaterThanOrEqual(1);
    for (const turn of turns) {
      expect(turn.attributes['gen_ai.request.model']).toBe('claude-haiku-4-5');
      expect(turn.attributes['gen_ai.usage.output_tokens']).toEqual(expect.any(Number));
      // Prompts and answers stay out of spans (they are in the day's record).
      expect(JSON.stringify(turn.attributes)).not.toMatch(/Steuer|Fertig/);
    }
    // The tool calls the model made reached mana-mcp inside the same trace.
    expect(trace.filter((s) => s.attributes['gen_ai.tool.name'] === 'todo_create' && s.resource.attributes['service.name'] === 'mana-mcp')).toHaveLength(1);
  });

  it('Claude Agent SDK driver: the Claude Code CLI exports its own spans into the day and the rating (TRACEPARENT)', async () => {
    const received: { traceId: string; spanId: string; parentSpanId?: string; name: string; attributes?: { key: string }[] }[] = [];
    const collector = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const json = JSON.parse(body || '{}') as { resourceSpans?: { scopeSpans?: { spans?: typeof received }[] }[] };
        for (const r of json.resourceSpans ?? []) for (const scope of r.scopeSpans ?? []) received.push(...(scope.spans ?? []));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    try {
      const tracesUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/traces`;
      const { tick, trace } = await traceOneTick({
        PERSONA_DRIVER: 'claude-agent-sdk',
        ANTHROPIC_API_KEY: 'sk-ant-trace-test',
        ANTHROPIC_BASE_URL: anthropic.url,
        PERSONA_SCRATCH_DIR: mkdtempSync(join(tmpdir(), 'mana-trace-')),
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: tracesUrl,
      });
      expectConnected(trace, tick);
      const [day, rating] = [one(trace, 'day'), one(trace, 'rating')];
      const traceId = tick.spanContext().traceId;
      // Waits for the CLI's exporter (its batch interval, a slow CLI on a loaded machine) with the shared hang guard,
      // not a 15 s bound: its spans hang under our day and rating spans, and its LLM requests carry the GenAI token counts.
      await expect.poll(() => received.filter((s) => s.traceId === traceId).length, UNTIL_EVENT).toBeGreaterThan(0);
      await expect.poll(() => new Set(received.filter((s) => s.traceId === traceId).map((s) => s.parentSpanId)).has(rating.spanContext().spanId), UNTIL_EVENT).toBe(true);
      const cli = received.filter((s) => s.traceId === traceId);
      expect(cli.some((s) => s.parentSpanId === day.spanContext().spanId)).toBe(true);
      const llm = cli.filter((s) => s.name.includes('llm_request'));
      expect(llm.length).toBeGreaterThanOrEqual(4);
      for (const span of llm)
        expect(span.attributes?.map((a) => a.key)).toEqual(expect.arrayContaining(['gen_ai.request.model', 'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens']));
    } finally {
      await new Promise<void>((resolve) => collector.close(() => resolve()));
    }
  });
});
