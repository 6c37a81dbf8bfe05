/**
 * The shape of `GET /api/v1/admin/ticks/:id` (record's `adminTickDetail` in
 * @mana/contracts), as far as the tick page reads it.
 */
export interface TickCall {
  type: 'call';
  at: string;
  callId: string;
  toolName: string;
  module: string;
  arguments: unknown;
  argumentsCut?: true;
  result: 'ok' | 'error';
  output?: string;
  error?: string;
  latencyMs?: number;
}
export type TickEntry =
  | { type: 'message'; at: string; kind: 'intent' | 'say' | 'summary'; text: string }
  | TickCall
  | { type: 'rating'; at: string; answer: string }
  | { type: 'cut'; omittedEntries: number; omittedBytes: number };

export interface TickDetail {
  tick: {
    id: string;
    personaId: string;
    slot: string;
    status: string;
    attempt: number;
    driver: string | null;
    model: string | null;
    inputTokens: number;
    outputTokens: number;
    costUsd: number;
    error: string | null;
    startedAt: string | null;
    finishedAt: string | null;
  };
  persona: { userId: string; email: string; name: string; archetype: string };
  actions: { id: string; callId: string; toolName: string; module: string; result: 'ok' | 'error'; errorMessage: string | null; latencyMs: number | null; calledAt: string }[];
  feedback: { id: string; module: string; rating: number | null; notes: string | null; status: 'rated' | 'parse_error'; callIds: string[] }[];
  record: { driver: string; model: string; termination: string; startedAt: string; endedAt: string; truncated: boolean; entries: TickEntry[] } | null;
  recordBytes: number | null;
}
