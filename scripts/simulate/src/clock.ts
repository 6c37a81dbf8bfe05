/**
 * The simulation's virtual clock, injected as `now` into mana-auth, mana-mcp and
 * the runner (one function for all three, as in production where they share the
 * wall clock). It moves to each tick's instant between ticks; during a tick every
 * read advances it by one millisecond, so a persona's own writes keep their order
 * (lists sorted by creation time come back the same on every run, never as a tie
 * broken by random ids) while the instant stays within the tick's hour.
 */
export interface SimulationClock {
  now(): Date;
  set(at: Date): void;
}

export function createSimulationClock(start: Date): SimulationClock {
  let ms = start.getTime();
  return {
    now: () => new Date(++ms),
    set(at) {
      ms = at.getTime();
    },
  };
}
