/**
 * Polls `probe` until it returns a value (not undefined) and resolves with it. It waits for
 * an event, not for a time: without `hangGuardMs` there is no deadline of its own (vitest's test
 * timeout is the guard), so a slow machine only makes it slower. A probe that sees the event can
 * no longer come (a child process exited) should throw. `hangGuardMs` is only for an event that
 * never comes when the code under test is broken, and must be far beyond any loaded machine.
 */
export async function until<T>(probe: () => Promise<T | undefined> | T | undefined, options: { hangGuardMs?: number; what?: string } = {}): Promise<T> {
  const end = options.hangGuardMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.hangGuardMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`${options.what ?? 'condition'} not reached within ${options.hangGuardMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A promise the test opens when it is ready (see the scripted driver's `gate`). */
export function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
