/** What `/health` shows about the daily budget. */
export interface BudgetState {
  /** 0 = no budget. */
  dailyBudgetUsd: number;
  /** UTC day the spend belongs to (YYYY-MM-DD). */
  day: string;
  spentUsd: number;
  exhausted: boolean;
}

/** Tracks the runner's LLM spend per UTC day against `RUNNER_DAILY_BUDGET_USD`. */
export interface DailyBudget {
  add(costUsd: number): void;
  /** Takes the spend of every runner for `day` (mana-auth's sum over finished ticks) as today's spend. */
  sync(shared: { day: string; spentUsd: number }): void;
  /** True while today's spend has reached the budget; a new UTC day resets it. */
  exhausted(): boolean;
  state(): BudgetState;
}

/**
 * Today's spend against the limit. The loop syncs it from mana-auth before each
 * claim (the cost of every tick finished today, by any runner), so runners share
 * one budget and a restart resumes it; between syncs this runner's own costs are
 * added locally.
 */
export function createDailyBudget(limitUsd: number, now: () => Date): DailyBudget {
  let day = utcDay(now());
  let spent = 0;
  const roll = () => {
    const today = utcDay(now());
    if (today !== day) {
      day = today;
      spent = 0;
    }
  };
  return {
    add(costUsd) {
      roll();
      spent += Math.max(0, costUsd);
    },
    sync(shared) {
      roll();
      if (shared.day === day) spent = Math.max(0, shared.spentUsd);
    },
    exhausted() {
      roll();
      return limitUsd > 0 && spent >= limitUsd;
    },
    state() {
      roll();
      return { dailyBudgetUsd: limitUsd, day, spentUsd: Math.round(spent * 1e6) / 1e6, exhausted: limitUsd > 0 && spent >= limitUsd };
    },
  };
}

function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
