import { replayResult, type ReplayResult } from '@mana/contracts';

/**
 * A stored replay run as `npm run replay` writes it: two personas, six ticks,
 * forty calls, a minute long, every total 0 but those given (the totals are
 * read from the contract, so a new count needs no edit here).
 */
export function replayResultFixture(id: string, startedAt: string, fields: Partial<ReplayResult> = {}): ReplayResult {
  const zero = Object.fromEntries(Object.keys(replayResult.shape.totals.shape).map((key) => [key, 0])) as ReplayResult['totals'];
  return {
    version: 1,
    id,
    startedAt,
    finishedAt: new Date(Date.parse(startedAt) + 60_000).toISOString(),
    target: { kind: 'in-process', virtualClock: true, database: 'pglite' },
    recording: { format: 'mana-personas-recording', version: 1, personas: 2, ticks: 6, calls: 40 },
    settings: { latencyRatio: 2, latencyMinMs: 50, allow: [], liveAfterDivergence: false },
    totals: { ...zero, personas: 2, ticks: 6, calls: 40, replayed: 40 },
    byKind: {},
    tools: [],
    differences: [],
    differencesOmitted: 0,
    notes: [],
    exitCode: 0,
    ...fields,
  };
}

/**
 * A run that got worse: one `ok→error` regression in `todo_complete`, at step 2
 * (call `offline-1-2`) of persona.anna's recorded tick `tick-anna-1`; exit code 1.
 */
export function regressedReplayResultFixture(id: string, startedAt: string, fields: Partial<ReplayResult> = {}): ReplayResult {
  const base = replayResultFixture(id, startedAt);
  return replayResultFixture(id, startedAt, {
    totals: { ...base.totals, differences: 1, regressions: 1, toolsChanged: 1 },
    byKind: { 'ok→error': 1 },
    tools: [{ tool: 'todo_complete', calls: 3, replayed: 3, skipped: 0, differences: { 'ok→error': 1 }, regression: true }],
    differences: [
      {
        kind: 'ok→error',
        tool: 'todo_complete',
        regression: true,
        detail: 'was ok, now error',
        persona: 'persona.anna',
        tickId: 'tick-anna-1',
        slot: '2026-03-09',
        step: 2,
        callId: 'offline-1-2',
        at: '2026-03-09T08:00:01.000Z',
        arguments: { todoId: 't1' },
        recorded: { result: 'ok', text: '{"todo":{"id":"t1"}}' },
        replayed: { result: 'error', text: 'MCP_FAULTS: injected error' },
      },
    ],
    exitCode: 1,
    ...fields,
  });
}
