import {
  MAX_ACTION_ERROR_CHARS,
  MAX_ACTIONS_PER_BATCH,
  MAX_CALL_ID_CHARS,
  MAX_CALL_MS,
  MAX_TOOL_NAME_CHARS,
  TOOL_NAME_PATTERN,
  actionModule,
  cutText,
  type ActionReport,
} from '@mana/contracts';
import type { Logger } from '@mana/core';
import type { RecordedAction } from '../drivers/driver';
import type { InternalApi } from '../clients/internal-api';

/**
 * Turns a driver's recorded call into the wire row (names a foreign server may spell
 * differently are made safe). The driver's module goes along (mana-auth stores it for
 * tools outside its registry, e.g. a foreign MCP server's); `attempt` (the claim's) lets the server refuse rows of
 * an attempt that was reclaimed since.
 */
export function toActionReport(tickId: string, action: RecordedAction, attempt?: number): ActionReport {
  const toolName = TOOL_NAME_PATTERN.test(action.toolName) ? action.toolName : action.toolName.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, MAX_TOOL_NAME_CHARS) || 'unknown';
  const report: ActionReport = { tickId, callId: cutText(action.callId, MAX_CALL_ID_CHARS) || 'unknown', toolName, inputHash: action.inputHash, result: action.result };
  if (actionModule.safeParse(action.module).success) report.module = action.module;
  if (attempt !== undefined) report.attempt = attempt;
  if (action.errorMessage !== undefined) report.errorMessage = cutText(action.errorMessage, MAX_ACTION_ERROR_CHARS);
  if (action.latencyMs !== undefined) report.latencyMs = Math.max(0, Math.round(action.latencyMs));
  if (action.calledAt !== undefined) report.calledAt = action.calledAt;
  if (action.emptyResult !== undefined) report.emptyResult = action.emptyResult;
  if (action.handlerMs !== undefined && Number.isFinite(action.handlerMs)) report.handlerMs = Math.min(MAX_CALL_MS, Math.max(0, action.handlerMs));
  return report;
}

/**
 * Buffers one tick's actions and reports them incrementally (every `batchSize`
 * calls and on each heartbeat), so a long session loses nothing if the runner dies.
 * Reports are idempotent on the server, so a retried batch writes nothing twice.
 * `add` dedupes by call id: a driver may both stream calls and return them.
 */
export interface ActionReporter {
  /** Returns false when the call id was already seen. */
  add(action: RecordedAction): boolean;
  /** Sends what is buffered now (one flush at a time); failures keep the rows buffered. */
  flush(): Promise<void>;
  /** Waits for running flushes, sends all but the last ≤500 rows, and returns those for `/complete`. */
  finish(): Promise<ActionReport[]>;
  /** Every row seen so far. */
  count(): number;
  /** The rows seen so far whose call answered an error. */
  errors(): number;
}

export function createActionReporter(options: { api: InternalApi; personaId: string; tickId: string; attempt?: number; batchSize: number; log: Logger }): ActionReporter {
  const seen = new Set<string>();
  let errors = 0;
  let buffer: ActionReport[] = [];
  let flushing: Promise<void> = Promise.resolve();

  const send = async (rows: ActionReport[]) => {
    try {
      await options.api.reportActions(options.personaId, rows);
    } catch (error) {
      options.log.warn('action report failed; rows stay buffered for completion', { tickId: options.tickId, rows: rows.length, error: (error as Error).message });
      buffer = [...rows, ...buffer];
    }
  };

  const flush = () => {
    flushing = flushing.then(async () => {
      if (buffer.length === 0) return;
      const rows = buffer;
      buffer = [];
      await send(rows);
    });
    return flushing;
  };

  return {
    add(action) {
      if (seen.has(action.callId)) return false;
      seen.add(action.callId);
      if (action.result === 'error') errors += 1;
      buffer.push(toActionReport(options.tickId, action, options.attempt));
      if (buffer.length >= options.batchSize) void flush();
      return true;
    },
    flush,
    async finish() {
      await flushing;
      if (buffer.length > MAX_ACTIONS_PER_BATCH) {
        const head = buffer.slice(0, buffer.length - MAX_ACTIONS_PER_BATCH);
        buffer = buffer.slice(head.length);
        await options.api.reportActions(options.personaId, head);
      }
      const rest = buffer;
      buffer = [];
      return rest;
    },
    count: () => seen.size,
    errors: () => errors,
  };
}
