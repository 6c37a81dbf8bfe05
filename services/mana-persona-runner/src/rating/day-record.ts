import { cutText } from '@mana/contracts';
import type { DayResult, RecordedAction } from '../drivers/driver';

const MAX_INPUT_CHARS = 240;
const MAX_OUTPUT_CHARS = 300;

/** Modules the persona used today, in order of first use. */
export function usedModules(actions: readonly RecordedAction[]): string[] {
  return [...new Set(actions.map((action) => action.module))];
}

/**
 * A faithful, compact record of the day for the rating turn: one line per call
 * with tool, module, outcome, latency, the input and what came back (or the
 * error), then the termination when the day did not end normally.
 */
export function summarizeDay(day: Pick<DayResult, 'actions' | 'termination' | 'error'>): string {
  if (day.actions.length === 0) return '(no tool calls)';
  const lines = day.actions.map((action, index) => {
    const latency = action.latencyMs === undefined ? '' : ` ${action.latencyMs} ms`;
    const head = `${index + 1}. ${action.toolName} [${action.module}] ${action.result.toUpperCase()}${latency}`;
    const input = `   input: ${clip(JSON.stringify(action.input ?? {}), MAX_INPUT_CHARS)}`;
    const outcome =
      action.result === 'error'
        ? `   error: ${clip(action.errorMessage ?? 'unknown error', MAX_OUTPUT_CHARS)}`
        : `   result: ${clip(action.outputSummary ?? '(no output)', MAX_OUTPUT_CHARS)}`;
    return [head, input, outcome].join('\n');
  });
  if (day.termination !== 'completed') lines.push(`(day ended early: ${day.termination}${day.error ? `: ${clip(day.error, MAX_OUTPUT_CHARS)}` : ''})`);
  return lines.join('\n');
}

/** Shortens text to `max` characters on one line, marking the cut. */
export function clip(text: string, max: number): string {
  return cutText(text.replace(/\s+/g, ' ').trim(), max);
}
