/**
 * The simulation's virtual clock, injected as `now` into mana-auth, mana-mcp and
 * the runner (one function for all three, as in production where they share the
 * wall clock). It stands still while a tick plays and moves only between ticks,
 * so every row a tick writes carries the tick's simulated instant and no
 * persona's day depends on how fast the machine played the others.
 */
export interface SimulationClock {
  now(): Date;
  set(at: Date): void;
}

export function createSimulationClock(start: Date): SimulationClock {
  let ms = start.getTime();
  return {
    now: () => new Date(ms),
    set(at) {
      ms = at.getTime();
    },
  };
}
