/**
 * A month of persona history for the dashboard tests and benchmark, written
 * the way the runner writes it: claims, then one completion per tick with its
 * tool calls, ratings and usage, through mana-auth's real internal API (service
 * key). Only the clock is moved, one day at a time. The first module fails
 * more in the last seven days; the client-measured latency doubles in the last
 * seven while the app's handler time stays at 1-4 ms.
 */
import { claimResponse, completeResponse, TICK_RECORD_VERSION, type CompleteRequest, type RecordEntry } from '@mana/contracts';
import { seededRandom } from '@mana/core';
import type { ToolRegistry } from '@mana/tools';

export interface HistoryOptions {
  /** mana-auth base URL. */
  url: string;
  serviceKey: string;
  registry: ToolRegistry;
  /** Moves mana-auth's clock. */
  setClock(at: Date): void;
  /** Days back from `end` (the last day is `end` itself). */
  days: number;
  end: Date;
  seed?: number;
}

const DAY = 86_400_000;
const NOTES = {
  low: ['Abhaken ging schief, die Aufgabe blieb offen.', 'Fehlermeldung ohne Erklärung, ich gebe auf.', 'Zu langsam, hat zweimal nicht geantwortet.'],
  mid: ['Geht so, einiges musste ich zweimal versuchen.', 'Funktioniert, aber umständlich.'],
  high: ['Schnell erledigt, genau was ich brauchte.', 'Klappt zuverlässig.', 'Sehr angenehm, nichts zu meckern.'],
};

/** Writes the history; returns how many ticks completed. */
export async function writeHistory(options: HistoryOptions): Promise<{ ticks: number; actions: number }> {
  const random = seededRandom(options.seed ?? 7);
  const headers = { 'x-service-key': options.serviceKey, 'content-type': 'application/json' };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${options.url}/api/v1/internal/personas${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const failing = options.registry.moduleIds()[0];
  let ticks = 0;
  let actions = 0;
  for (let d = options.days - 1; d >= 0; d--) {
    options.setClock(new Date(options.end.getTime() - d * DAY));
    const { claims } = claimResponse.parse(await post('/claim', { runnerId: 'history', limit: 100, leaseMs: 600_000 }));
    for (const claim of claims) {
      // The first module gets worse: its calls fail more often in the last seven days (a week's window against the week before).
      const modules = Object.keys(claim.persona.moduleMix);
      const calls: (NonNullable<CompleteRequest['actions']>[number] & { latencyMs: number })[] = [];
      const count = 3 + Math.floor(random.next() * 4);
      for (let i = 0; i < count; i++) {
        const module = modules[Math.floor(random.next() * modules.length)];
        const tools = options.registry.toolsOf(module).filter((t) => t.policy !== 'destructive');
        const tool = tools[Math.floor(random.next() * tools.length)];
        const errorChance = module === failing && d < 7 ? 0.45 : 0.06;
        const failed = random.next() < errorChance;
        calls.push({
          tickId: claim.tickId,
          attempt: claim.attempt,
          callId: `call-${i + 1}`,
          toolName: tool.name,
          inputHash: `h${Math.floor(random.next() * 1e9).toString(16)}`,
          result: failed ? 'error' : 'ok',
          ...(failed ? { errorMessage: random.next() < 0.5 ? 'No item with that id' : 'Validation failed: title is required' } : {}),
          // The runner's view doubles in the last week (a heavier simulation), the app's handler time does not.
          latencyMs: Math.round((15 + random.next() * 60 + (failed ? 120 : 0) + (random.next() < 0.05 ? 400 : 0)) * (d < 7 ? 2 : 1)),
          handlerMs: Math.round((1 + random.next() * 3) * 100) / 100,
        });
      }
      const used = [...new Set(calls.map((c) => options.registry.moduleOf(c.toolName)!))];
      const feedback = used.map((module) => {
        const errors = calls.filter((c) => options.registry.moduleOf(c.toolName) === module && c.result === 'error').length;
        const rating = Math.max(1, Math.min(5, Math.round(4.4 - errors * 1.3 + (random.next() - 0.5))));
        const pool = rating <= 2 ? NOTES.low : rating === 3 ? NOTES.mid : NOTES.high;
        return { tickId: claim.tickId, module, rating, notes: pool[Math.floor(random.next() * pool.length)], status: 'rated' as const };
      });
      // The day's record as a driver hands it over: intent, each call with its arguments and answer, summary, rating turn.
      const day = options.end.getTime() - d * DAY;
      const at = (i: number) => new Date(day - 600_000 + i * 20_000).toISOString();
      const entries: RecordEntry[] = [
        { type: 'message', at: at(0), kind: 'intent', text: `Heute will ich in ${used.join(', ')} aufräumen.` },
        ...calls.map(
          (c, i): RecordEntry => ({
            type: 'call',
            at: at(i + 1),
            callId: c.callId,
            toolName: c.toolName,
            module: options.registry.moduleOf(c.toolName)!,
            arguments: { title: `Eintrag ${i + 1}`, limit: 10 },
            result: c.result,
            ...(c.result === 'error' ? { error: c.errorMessage } : { output: JSON.stringify({ ok: true, id: `item-${i + 1}` }) }),
            latencyMs: c.latencyMs,
          }),
        ),
        { type: 'message', at: at(calls.length + 1), kind: 'summary', text: 'Fertig für heute.' },
        { type: 'rating', at: at(calls.length + 2), answer: JSON.stringify(feedback.map(({ module, rating, notes }) => ({ module, rating, notes }))) },
      ];
      const inputTokens = 1_500 + Math.floor(random.next() * 2_500);
      const outputTokens = 200 + Math.floor(random.next() * 600);
      completeResponse.parse(
        await post(`/ticks/${encodeURIComponent(claim.tickId)}/complete`, {
          runnerId: 'history',
          attempt: claim.attempt,
          status: 'succeeded',
          actions: calls,
          feedback,
          usage: { inputTokens, outputTokens, costUsd: Number(((inputTokens * 3 + outputTokens * 15) / 1e6).toFixed(6)) },
          driver: 'history',
          model: 'seeded',
          record: {
            version: TICK_RECORD_VERSION,
            driver: 'history',
            model: 'seeded',
            termination: 'completed',
            startedAt: at(0),
            endedAt: at(calls.length + 2),
            truncated: false,
            entries,
          },
        } satisfies CompleteRequest),
      );
      ticks++;
      actions += calls.length;
    }
  }
  return { ticks, actions };
}
