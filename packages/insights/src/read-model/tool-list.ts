import type { AdminToolList } from '@mana/contracts';
import type { ReportDeps } from '../report/build-report';
import { windowOf } from '../window';
import { reportFlags } from './report-flags';
import { toolSummaries } from './tool-figures';

/** Every tool called in the window or the period before it, with the change between them and what the report flags; failures first. */
export async function adminToolListFor(deps: ReportDeps, input: { days: number }): Promise<AdminToolList> {
  const window = windowOf(deps.now(), input.days);
  const flags = await reportFlags(deps, window);
  return { since: window.since, previousSince: window.previousSince, tools: await toolSummaries(deps, window, flags) };
}
