import { createHash } from 'node:crypto';

function digest(prefix: string, ...parts: (string | number)[]): string {
  return `${prefix}_${createHash('sha256').update(parts.join('\u001f')).digest('base64url').slice(0, 27)}`;
}

/** Deterministic tick id: the same persona and slot always name the same tick. */
export function tickIdFor(personaId: string, slotKey: string): string {
  return digest('tick', personaId, slotKey);
}

/**
 * Deterministic action id from tick, attempt and the driver's call id: a
 * retried report of the same call hits the same row, whatever the row order.
 */
export function actionIdFor(tickId: string, attempt: number, callId: string): string {
  return digest('act', tickId, attempt, callId);
}

/** One rating per module per tick. */
export function feedbackIdFor(tickId: string, module: string): string {
  return digest('fb', tickId, module);
}
