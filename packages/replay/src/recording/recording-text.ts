import type { Recording } from '@mana/contracts';

/** A recording as its file's text: the header on line 1, one line per tick, each line ending in a newline. */
export function recordingText(recording: Recording): string {
  return [recording.header, ...recording.ticks].map((line) => `${JSON.stringify(line)}\n`).join('');
}
