/** One hour: the step between two ticks of the simulated runner. */
export const STEP_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The simulated span: `days` windows of 24 h, the last ending at `until`. */
export interface Timeline {
  /** First instant of day 1. */
  from: Date;
  /** End of the last day (exclusive). */
  until: Date;
  days: number;
}

/**
 * A fresh history: `days` days ending at the last full hour before `until`
 * (normally now), so every tick falls on a whole hour (mana-mcp's fault dice
 * count calls per caller and hour).
 */
export function timelineEndingAt(until: Date, days: number): Timeline {
  const end = Math.floor(until.getTime() / STEP_MS) * STEP_MS;
  return { from: new Date(end - days * DAY_MS), until: new Date(end), days };
}

/**
 * An appended history: it starts one step after the last tick already written
 * and runs `days` days, never past `now`. Null when nothing is left before now.
 */
export function timelineAfter(lastTickAt: Date, days: number, now: Date): Timeline | null {
  const from = new Date((Math.floor(lastTickAt.getTime() / STEP_MS) + 1) * STEP_MS);
  const until = new Date(Math.min(from.getTime() + days * DAY_MS, now.getTime()));
  if (until.getTime() - from.getTime() < STEP_MS) return null;
  return { from, until, days: Math.ceil((until.getTime() - from.getTime()) / DAY_MS) };
}

/** Window of day `day` (1-based); the last one may be shorter on an appended timeline. */
export function dayWindow(timeline: Timeline, day: number): { from: Date; until: Date } {
  const from = timeline.from.getTime() + (day - 1) * DAY_MS;
  return { from: new Date(from), until: new Date(Math.min(from + DAY_MS, timeline.until.getTime())) };
}

/** The tick instants of one day: every hour from its start (a daily persona plays at its first step after local midnight). */
export function stepsOf(window: { from: Date; until: Date }): Date[] {
  const steps: Date[] = [];
  for (let at = window.from.getTime(); at < window.until.getTime(); at += STEP_MS) steps.push(new Date(at));
  return steps;
}
