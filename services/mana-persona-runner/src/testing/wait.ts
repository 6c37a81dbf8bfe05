/**
 * Options for `expect.poll`/`vi.waitFor` when a test waits for an event, not for a time. The
 * timeout is a hang guard for an event that never comes when the code under test is broken,
 * far beyond any loaded machine (vitest's test timeout is 300 s): a slow machine only makes
 * the wait longer, never fails it.
 */
export const UNTIL_EVENT = { timeout: 240_000, interval: 25 } as const;

/** A promise the test opens when it is ready (see the scripted driver's `gate`). */
export function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
