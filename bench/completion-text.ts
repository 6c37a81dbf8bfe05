/**
 * What issue 24 added to each completion, in CPU per completion of a typical
 * offline-driver day (10 calls with their outputs, a plan, a summary, ratings):
 * the contract's parse (free text and the record's strings made storable and
 * cut), the scan for live session tokens (JSON.stringify + one regex) with the
 * persona's derived password, and the one redaction of error, error messages,
 * notes and record. Run: `node --import tsx bench/completion-text.ts [rounds]`.
 * Compare with the warm tick's CPU in docs/BENCHMARKS.md (tens of ms).
 */
import os from 'node:os';
import { completeRequest } from '@mana/contracts';
import { rawDayRecord } from '@mana/contracts/testing';
import { derivePersonaPassword, redactSecrets } from '@mana/core';
import { median } from './lib/stats';

const rounds = Number(process.argv[2] ?? 2_000);
const at = '2026-12-01T10:00:00.000Z';
const tickId = 'tick_0123456789abcdefghijklmnopq';
const output = JSON.stringify({
  todos: Array.from({ length: 8 }, (_, i) => ({
    id: `7c9e6679-7425-40de-944b-e07fc1f90a${i}0`,
    title: `Aufgabe ${i} für die Woche`,
    notes: 'Notizen '.repeat(12),
    done: i % 3 === 0,
  })),
});
const body = {
  runnerId: 'runner-1',
  attempt: 1,
  status: 'succeeded',
  usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
  driver: 'offline',
  model: 'offline-policy-v1',
  actions: Array.from({ length: 10 }, (_, i) => ({
    tickId,
    callId: `call-${i}`,
    toolName: 'todo_list',
    module: 'todo',
    inputHash: 'h'.repeat(64),
    result: i === 4 ? 'error' : 'ok',
    latencyMs: 12,
    handlerMs: 3.2,
    calledAt: at,
    ...(i === 4 ? { errorMessage: 'Too many requests' } : {}),
  })),
  feedback: [{ tickId, module: 'todo', rating: 4, notes: 'Die Liste war übersichtlich, eine Aufgabe hakte.', status: 'rated' }],
  record: rawDayRecord([
    { type: 'message', at, kind: 'intent', text: 'Heute: Aufgaben sortieren und eine Notiz.' },
    ...Array.from({ length: 10 }, (_, i) => ({
      type: 'call',
      at,
      callId: `call-${i}`,
      toolName: 'todo_list',
      module: 'todo',
      arguments: { status: 'open', limit: 20 },
      result: 'ok',
      output,
    })),
    { type: 'message', at, kind: 'summary', text: 'Zehn Blicke auf die Liste.' },
    { type: 'rating', at, answer: '{"ratings":[{"module":"todo","rating":4,"notes":"ok"}]}' },
  ]),
};
const secrets = ['mana-dev-service-key-0123456789', 'auth-secret-0123456789012345678901234567', 'seed-secret-0123456789'];
const TOKEN = /\b[A-Za-z0-9]{32}\b/g;

function time(work: () => unknown): number[] {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    work();
    samples.push((performance.now() - t0) * 1000);
  }
  return samples.slice(Math.floor(rounds / 10));
}

const parsed = completeRequest.parse(body);
const steps: [string, () => unknown][] = [
  ['contract parse (storable text, cut)', () => completeRequest.parse(body)],
  [
    'token scan (stringify + regex) + derived password',
    () => [JSON.stringify([parsed.error, parsed.actions, parsed.feedback, parsed.record]).match(TOKEN), derivePersonaPassword(secrets[2]!, 'persona.anna@mana.test')],
  ],
  ['redaction of error, messages, notes, record', () => redactSecrets([parsed.error, parsed.actions, parsed.feedback, parsed.record], [...secrets, 'derived-password-0123456789'])],
];
console.log(
  `node ${process.version}, ${os.cpus()[0]?.model}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}, ${rounds} rounds, body ${JSON.stringify(body).length} bytes`,
);
for (const [name, work] of steps) console.log(`${name}: median ${median(time(work)).toFixed(1)} µs`);
