import { setTimeout as sleep } from 'node:timers/promises';
import type { FindingsWebhook, ReportAnomaly } from '@mana/contracts';

export interface WebhookOptions {
  url: string;
  /** Attempts in all (default 3). */
  attempts?: number;
  /** Wait before retry n is `backoffMs * 2^(n-1)` (default 1 s). */
  backoffMs?: number;
  /** Per-attempt time-out (default 10 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The outcome of one delivery: delivered after `attempts`, or the last error. */
export type WebhookOutcome = { delivered: true; attempts: number } | { delivered: false; attempts: number; error: string };

/**
 * POSTs the payload as JSON; a network error, a time-out, 429 or a 5xx is
 * retried with exponential back-off, any other non-2xx answer is final
 * (retrying a 400 would not help). Never throws.
 */
export async function postWebhook(options: WebhookOptions, payload: FindingsWebhook): Promise<WebhookOutcome> {
  const attempts = options.attempts ?? 3;
  const doFetch = options.fetch ?? fetch;
  let error = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await sleep((options.backoffMs ?? 1_000) * 2 ** (attempt - 2));
    try {
      const res = await doFetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { delivered: true, attempts: attempt };
      error = `HTTP ${res.status}`;
      if (res.status !== 429 && res.status < 500) return { delivered: false, attempts: attempt, error };
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
  }
  return { delivered: false, attempts, error };
}

/**
 * The Slack-compatible text of an announcement: a simulator change first (it
 * decides what the findings could compare), then one line per opened and
 * resolved product finding; a consequence names its lead.
 */
export function webhookText(opened: readonly ReportAnomaly[], resolved: readonly ReportAnomaly[], period: { since: string; until: string }): string {
  const notices = opened.filter((a) => a.kind === 'simulator');
  const findings = opened.filter((a) => a.kind !== 'simulator');
  const closed = resolved.filter((a) => a.kind !== 'simulator');
  const lines = notices.map((a) => `Simulator changed: ${a.summary}`);
  lines.push(
    `Mana Personas: ${findings.length} new finding${findings.length === 1 ? '' : 's'}, ${closed.length} resolved (${period.since.slice(0, 10)} – ${period.until.slice(0, 10)})`,
  );
  for (const a of findings) lines.push(`• ${a.causedBy ? `Consequence of ${a.causedBy}: ` : ''}${a.summary}`);
  for (const a of closed) lines.push(`• Resolved: ${a.kind} ${a.name} ${a.metric} is back within noise.`);
  return lines.join('\n');
}
