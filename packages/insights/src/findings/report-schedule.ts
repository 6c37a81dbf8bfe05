import { Cron } from 'croner';
import type { ScheduledReportDeps, ScheduledReportResult } from './scheduled-report';
import { runScheduledReport } from './scheduled-report';

export interface ReportScheduleOptions {
  /** Five-field cron expression (minute resolution), e.g. `0 7 * * *`. */
  cron: string;
  /** IANA zone the expression is read in. */
  timeZone: string;
}

export interface ReportSchedule {
  /** The next instant a run is due. */
  nextRun(): Date | null;
  /** Runs the slot that is due at `at` (the latest cron instant at or before it); tests and the timer use it. */
  runDue(at: Date): Promise<ScheduledReportResult>;
  stop(): void;
}

/** Checks a cron expression and zone the way the report schedule will use them; throws a readable error. */
export function checkReportSchedule(options: ReportScheduleOptions): void {
  if (options.cron.trim().split(/\s+/).length !== 5) throw new Error(`REPORT_CRON "${options.cron}" must have five fields (minute hour day-of-month month day-of-week)`);
  try {
    new Intl.DateTimeFormat('en', { timeZone: options.timeZone });
  } catch {
    throw new Error(`REPORT_TIME_ZONE "${options.timeZone}" is not an IANA time zone (such as UTC or Europe/Berlin)`);
  }
  try {
    new Cron(options.cron, { timezone: options.timeZone, paused: true }).stop();
  } catch (error) {
    throw new Error(`REPORT_CRON "${options.cron}" in REPORT_TIME_ZONE "${options.timeZone}" is invalid: ${(error as Error).message}`);
  }
}

/**
 * Runs the report on `cron` in `timeZone` (croner). Each firing maps to its
 * scheduled instant, which every replica computes the same way, so the claim
 * row in `report_runs` lets exactly one of them run it. Errors are logged and
 * counted; the timer keeps going.
 */
export function startReportSchedule(deps: ScheduledReportDeps, options: ReportScheduleOptions): ReportSchedule {
  checkReportSchedule(options);
  const pattern = new Cron(options.cron, { timezone: options.timeZone, paused: true });
  const runDue = (at: Date) => {
    const [slot] = pattern.previousRuns(1, new Date(at.getTime() + 1_000));
    return runScheduledReport(deps, slot ?? at);
  };
  const job = new Cron(options.cron, { timezone: options.timeZone, protect: true }, async () => {
    await runDue(deps.now()).catch((error: unknown) => deps.log.error('scheduled report failed', { error: String(error) }));
  });
  return {
    nextRun: () => job.nextRun(),
    runDue,
    stop: () => {
      job.stop();
      pattern.stop();
    },
  };
}
