import {
  actionsResponse,
  claimResponse,
  completeResponse,
  feedbackResponse,
  heartbeatResponse,
  MAX_ACTIONS_PER_BATCH,
  MAX_FEEDBACK_PER_BATCH,
  spendResponse,
  type ActionReport,
  type Claim,
  type CompleteRequest,
  type CompleteResponse,
  type FeedbackReport,
  type HeartbeatRequest,
  type SpendResponse,
} from '@mana/contracts';
import type { FifoLimit } from '@mana/core';
import { requestJson } from './http';

/** The service-key-gated persona API of mana-auth, as the runner uses it. */
export interface InternalApi {
  claim(input: { runnerId: string; limit: number; leaseMs: number }): Promise<Claim[]>;
  /** `input.attempt` (the claim's) makes the server refuse a beat of an attempt that was reclaimed since. */
  heartbeat(tickId: string, input: HeartbeatRequest): Promise<{ leaseExpiresAt: string }>;
  reportActions(personaId: string, actions: ActionReport[]): Promise<number>;
  reportFeedback(personaId: string, feedback: FeedbackReport[]): Promise<number>;
  /** `input.attempt` (the claim's) makes the server refuse a late completion of a reclaimed attempt (CONFLICT). */
  complete(tickId: string, input: CompleteRequest): Promise<CompleteResponse>;
  /** Today's LLM spend of every runner (the shared daily budget). */
  spend(): Promise<SpendResponse>;
}

/**
 * HTTP client for `/api/v1/internal/personas`. Every answer is parsed with the
 * contracts in @mana/contracts; each request gives up after `timeoutMs`. Throws at construction on an empty key: a runner
 * that cannot authenticate must fail loudly, not send anonymous requests.
 */
export function createInternalApi(options: { authUrl: string; serviceKey: string; timeoutMs?: number; limit?: FifoLimit }): InternalApi {
  if (!options.serviceKey) throw new Error('MANA_SERVICE_KEY must not be empty');
  const base = `${options.authUrl.replace(/\/+$/, '')}/api/v1/internal/personas`;
  const headers = { 'x-service-key': options.serviceKey };
  const post = (body: unknown) => ({ method: 'POST' as const, headers, body, timeoutMs: options.timeoutMs, limit: options.limit });

  return {
    async claim(input) {
      return (await requestJson(`${base}/claim`, post(input), claimResponse)).claims;
    },
    heartbeat: (tickId, input) => requestJson(`${base}/ticks/${encodeURIComponent(tickId)}/heartbeat`, post(input), heartbeatResponse),
    async reportActions(personaId, actions) {
      let inserted = 0;
      for (let i = 0; i < actions.length; i += MAX_ACTIONS_PER_BATCH) {
        const batch = actions.slice(i, i + MAX_ACTIONS_PER_BATCH);
        inserted += (await requestJson(`${base}/${encodeURIComponent(personaId)}/actions`, post({ actions: batch }), actionsResponse)).inserted;
      }
      return inserted;
    },
    async reportFeedback(personaId, feedback) {
      let inserted = 0;
      for (let i = 0; i < feedback.length; i += MAX_FEEDBACK_PER_BATCH) {
        const batch = feedback.slice(i, i + MAX_FEEDBACK_PER_BATCH);
        inserted += (await requestJson(`${base}/${encodeURIComponent(personaId)}/feedback`, post({ feedback: batch }), feedbackResponse)).inserted;
      }
      return inserted;
    },
    complete: (tickId, input) => requestJson(`${base}/ticks/${encodeURIComponent(tickId)}/complete`, post(input), completeResponse),
    spend: () => requestJson(`${base}/spend`, { headers, timeoutMs: options.timeoutMs, limit: options.limit }, spendResponse),
  };
}
