import { describe, expect, it } from 'vitest';
import { createLogger, routineLevel, type LoggerOptions } from './logger';
import { emailHash } from './log-scrub';
import { withRequestContext } from './request-context';

function capture(options: LoggerOptions = {}) {
  const lines: string[] = [];
  // The level is passed in: the test run mutes LOG_LEVEL for everything else.
  const log = createLogger('svc', { destination: { write: (line: string) => void lines.push(line) }, level: 'debug', ...options });
  return { log, lines, json: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger (pino)', () => {
  it('writes JSON lines with level, time, msg and service that fields cannot overwrite', () => {
    const { log, json } = capture();
    log.info('hello', { level: 'fake', msg: 'fake', time: 'fake', service: 'fake', n: 1 });
    const [line] = json();
    expect(line).toMatchObject({ level: 'info', msg: 'hello', service: 'svc', n: 1, level_field: 'fake', msg_field: 'fake', time_field: 'fake', service_field: 'fake' });
    expect(new Date(line.time as string).getTime()).not.toBeNaN();
  });

  it('serialises errors with type, message and stack instead of {}', () => {
    const { log, json } = capture();
    log.error('failed', { error: new TypeError('bad input') });
    const { error } = json()[0] as { error: Record<string, unknown> };
    expect(error).toMatchObject({ type: 'TypeError', message: 'bad input' });
    expect(String(error.stack)).toContain('logger.test.ts');
  });

  it('redacts secrets by key and hashes e-mail addresses by default; LOG_PII shows them', () => {
    const { log, lines } = capture();
    const secrets = { authorization: 'Bearer eyJ.secret.jwt', headers: { 'x-service-key': 'svc-key-123', Authorization: 'Bearer abc' }, password: 'hunter2', apiKey: 'sk-ant-xyz' };
    log.warn('login failed for ada@example.com', { ...secrets, persona: 'ada@example.com', nested: { who: 'Bob <bob@example.org>' } });
    const text = lines.join('');
    for (const secret of ['eyJ.secret.jwt', 'svc-key-123', 'Bearer abc', 'hunter2', 'sk-ant-xyz', 'ada@example.com', 'bob@example.org']) expect(text).not.toContain(secret);
    expect(text).toContain(emailHash('ada@example.com'));
    expect(emailHash('Ada@Example.com')).toBe(emailHash('ada@example.com'));

    const pii = capture({ pii: true });
    pii.log.info('who', { persona: 'ada@example.com', password: 'hunter2' });
    expect(pii.lines.join('')).toContain('ada@example.com');
    expect(pii.lines.join('')).not.toContain('hunter2');
  });

  it('redacts a secret key in any letter case at any depth, in arrays, class instances and child bindings', () => {
    const { log, lines, json } = capture();
    class Credentials {
      user = 'ada';
      Password = 'class-secret';
    }
    log.child({ session: { refreshToken: 'child-secret' } }).info('deep', {
      a: { b: { headers: { COOKIE: 'sid=deep-secret' } } },
      list: [{ apiKey: 'array-secret' }],
      who: new Credentials(),
      at: new Date(0),
      usage: { inputTokens: 12 },
    });
    const text = lines.join('');
    for (const secret of ['child-secret', 'deep-secret', 'array-secret', 'class-secret']) expect(text).not.toContain(secret);
    expect(json()[0]).toMatchObject({
      session: { refreshToken: '[redacted]' },
      a: { b: { headers: { COOKIE: '[redacted]' } } },
      who: { user: 'ada', Password: '[redacted]' },
      at: new Date(0).toISOString(),
      usage: { inputTokens: 12 },
    });
  });

  it("the start banner keeps mana-auth's URL under `auth`; a credential under `auth` is still redacted (issue 24 §5)", () => {
    const { log, json } = capture();
    log.info('Mana Personas is running', { auth: 'http://127.0.0.1:3001', dashboard: 'http://127.0.0.1:3001/admin', mcp: 'http://127.0.0.1:3069/mcp' });
    log.info('upstream', { auth: 'ops:hunter2', proxy: { auth: 'https://ops:hunter2@proxy.example' } });
    expect(json()[0]).toMatchObject({ auth: 'http://127.0.0.1:3001', dashboard: 'http://127.0.0.1:3001/admin' });
    expect(json()[1]).toMatchObject({ auth: '[redacted]', proxy: { auth: '[redacted]' } });
  });

  it('a pretty logger and its children are interactive: routine lines are debug there, info in JSON lines', () => {
    expect(capture().log.interactive).toBe(false);
    expect(routineLevel(capture().log)).toBe('info');
    const terminal = capture({ pretty: true }).log.child({ service: 'mana-mcp' });
    expect(terminal.interactive).toBe(true);
    expect(routineLevel(terminal)).toBe('debug');
  });

  it('carries the request id of the async context and the child bindings on every line', async () => {
    const { log, json } = capture();
    const child = log.child({ tickId: 't1', persona: 'eve@example.com' });
    await withRequestContext({ requestId: 'req-42' }, async () => {
      await Promise.resolve();
      child.info('inside');
    });
    child.info('outside');
    const [inside, outside] = json();
    expect(inside).toMatchObject({ requestId: 'req-42', tickId: 't1', persona: emailHash('eve@example.com') });
    expect(outside.requestId).toBeUndefined();
  });

  it('lets a child name its own service (the all-in-one start), written once per line', () => {
    const { log, lines } = capture();
    log.child({ service: 'mana-auth', tickId: 't1' }).child({ step: 2 }).info('x', { service: 'not-this' });
    expect(lines[0].match(/"service":/g)).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ service: 'mana-auth', tickId: 't1', step: 2, service_field: 'not-this' });
  });

  it('filters by level and mutes with silent', () => {
    const { log, lines } = capture({ level: 'warn' });
    log.info('no');
    log.warn('yes');
    expect(lines).toHaveLength(1);
    const muted = capture({ level: 'silent' });
    muted.log.error('no');
    expect(muted.lines).toHaveLength(0);
  });
});
