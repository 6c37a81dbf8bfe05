/**
 * What one access log line costs (`request`: method, route, status, duration, request id, as
 * `httpObservability` writes it per HTTP request), CPU per line, three ways side by side in one
 * process: pino alone; pino with the redaction paths the services used until 2026-12-02 (pino's
 * `redact`, 64 paths: 16 secret keys at the top level, one level down, under `headers` and one level
 * below that); and the services' logger (`createLogger`: fields scrubbed, secrets redacted by key in
 * the same walk). Lines go to a sink that drops them, so only the line's making is measured.
 *
 *   npx tsx bench/log-line.ts            # 200,000 lines per round, 5 rounds, medians
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createLogger } from '@mana/core';
import { median } from './lib/stats';

const LINES = 200_000;
const ROUNDS = 5;

const OLD_SECRET_KEYS = [
  'authorization',
  'Authorization',
  'cookie',
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'apiKey',
  'serviceKey',
  'secret',
  'anthropicApiKey',
  'openaiApiKey',
  'personaSeedSecret',
  '"x-service-key"',
  '"X-Service-Key"',
];
const OLD_PATHS = OLD_SECRET_KEYS.flatMap((key) => {
  const access = key.startsWith('"') ? `[${key}]` : `.${key}`;
  return [key.startsWith('"') ? `[${key}]` : key, `*${access}`, `headers${access}`, `*.headers${access}`];
});

const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
const base = { level: 'info', base: null, messageKey: 'msg', timestamp: pino.stdTimeFunctions.isoTime } as const;
const plain = pino(base, sink);
const pathRedacted = pino({ ...base, redact: { paths: OLD_PATHS, censor: '[redacted]' } }, sink);
const ours = createLogger('mana-mcp', { destination: sink, level: 'info' });

const fields = (i: number) => ({ method: 'POST', route: '/mcp', status: 200, durationMs: 3.4 + (i % 7), requestId: 'f80804bf-6899-4f8a-acd4-ff3ce9329f85' });
const ways: Record<string, (i: number) => void> = {
  'pino alone': (i) => plain.info(fields(i), 'request'),
  'pino + 64 redact paths (before)': (i) => pathRedacted.info(fields(i), 'request'),
  'createLogger (after)': (i) => ours.info('request', fields(i)),
};

const samples = new Map<string, number[]>(Object.keys(ways).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, write] of Object.entries(ways)) {
    const started = process.cpuUsage();
    for (let i = 0; i < LINES; i++) write(i);
    const used = process.cpuUsage(started);
    samples.get(name)!.push((used.user + used.system) / LINES);
  }
}
const reference = median(samples.get('pino alone')!);
console.log(`log line — ${new Date().toISOString()}, node ${process.version}, ${LINES} lines × ${ROUNDS} rounds, CPU µs per line (median)`);
for (const [name, values] of samples) console.log(`${name.padEnd(34)} ${median(values).toFixed(2).padStart(7)} µs  ×${(median(values) / reference).toFixed(1)}`);
