import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@mana/core';
import { createDriver } from '../drivers/create-driver';
import { createRunner } from '../runner';
import { createRunnerStack, type RunnerStack } from '../testing/stack';
import type { PassSummary } from './pass';
import type { SessionOutcome } from './persona-session';
import { logPass, logTick } from './progress-log';

interface Line {
  level: string;
  msg: string;
  service: string;
  [field: string]: unknown;
}

/** A logger at `info` whose lines a test reads; `pretty` makes it interactive (what `npm start` on a terminal gets). */
function capture(pretty: boolean, service = 'mana-persona-runner') {
  const lines: Line[] = [];
  const log = createLogger(service, { level: 'info', pretty, destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { log, lines };
}

const persona = { name: 'Lena Vogel', archetype: 'adhd-student' };
const outcome: SessionOutcome = {
  tickId: 't1',
  personaId: 'u1',
  email: 'lena@mana.test',
  status: 'succeeded',
  actions: 7,
  toolErrors: 1,
  ratings: 3,
  durationMs: 2_140,
  costUsd: 0,
  completed: true,
};
const pass: PassSummary = {
  startedAt: '2026-01-05T08:00:00.000Z',
  claimed: 12,
  succeeded: 11,
  failed: [{ tickId: 't2', email: 'x@mana.test', error: 'boom' }],
  durationMs: 8_200,
  released: 0,
};

describe('progress lines (issue 24 §5)', () => {
  it('on a terminal: one readable line per tick and per pass', () => {
    const { log, lines } = capture(true);
    logTick(log, outcome, persona);
    logTick(log, { ...outcome, status: 'failed', actions: 1, toolErrors: 0, ratings: 0, error: 'MCP connect failed:\n  HTTP 503' }, persona);
    logPass(log, pass);
    logPass(log, { ...pass, claimed: 0, succeeded: 0, failed: [], durationMs: 40 });
    logPass(log, { ...pass, skipped: 'budget_exhausted' });
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['info', 'Lena Vogel (adhd-student): 7 calls, 1 error, 3 ratings in 2.1 s'],
      ['info', 'Lena Vogel (adhd-student) failed after 2.1 s (1 call, 0 errors, 0 ratings): MCP connect failed: HTTP 503'],
      ['info', 'pass: 12 ticks, 11 succeeded, 1 failed in 8.2 s'],
      ['info', 'pass: no persona due in 0.0 s'],
      ['info', 'pass skipped: budget exhausted'],
    ]);
  });

  it('in JSON lines: the same facts as fields', () => {
    const { log, lines } = capture(false);
    logTick(log, outcome, persona);
    logPass(log, pass);
    expect(lines[0]).toMatchObject({
      level: 'info',
      msg: 'tick finished',
      tickId: 't1',
      name: 'Lena Vogel',
      status: 'succeeded',
      calls: 7,
      errors: 1,
      ratings: 3,
      durationMs: 2140,
    });
    expect(lines[0].persona).toMatch(/^email:[0-9a-f]{12}$/);
    expect(lines[1]).toMatchObject({ level: 'info', msg: 'pass finished', claimed: 12, succeeded: 11, failed: 1, durationMs: 8200 });
  });
});

describe('npm start on a terminal (issue 24 §5: every HTTP request at info)', () => {
  let stack: RunnerStack;
  const auth = capture(true, 'mana-auth');
  const mcp = capture(true, 'mana-mcp');
  beforeAll(async () => {
    stack = await createRunnerStack({ authLog: auth.log, mcpLog: mcp.log });
  });
  afterAll(async () => stack?.close());

  it('a pass of three personas shows three tick lines and one pass line at info, no access lines; JSON lines keep the access lines', async () => {
    await stack.seed(3);
    const runner = capture(true);
    const config = stack.config();
    const r = createRunner({ config, driver: await createDriver(config.driver, { log: runner.log }), log: runner.log });
    expect(await r.scheduler!.runNow()).toMatchObject({ claimed: 3, succeeded: 3 });
    await r.shutdown();
    // What a person sees at info: the services' start lines, then one line per tick and one per pass; no request or session lines.
    const seen = [...auth.lines, ...mcp.lines, ...runner.lines].filter((l) => !/ listening$/.test(l.msg));
    expect(
      seen.every((l) => l.service === 'mana-persona-runner'),
      JSON.stringify(seen.map((l) => l.msg)),
    ).toBe(true);
    expect(seen.map((l) => l.msg.replace(/\d+(\.\d+)?/g, 'N'))).toEqual([
      ...Array.from({ length: 3 }, () => expect.stringMatching(/^persona\.pN-N \(test-persona\): N calls?, N errors?, N ratings? in N s$/)),
      'pass: N ticks, N succeeded, N failed in N s',
    ]);

    // The same stack with JSON loggers: an access line per request, as before.
    const json = capture(false);
    const again = createRunner({ config, driver: await createDriver(config.driver, { log: json.log }), log: json.log });
    const app = again.app;
    await app.request('/diag/login?email=nobody%40mana.test');
    expect(json.lines.filter((l) => l.msg === 'request').map((l) => l.level)).toEqual(['info']);
    await again.shutdown();
  });
});
