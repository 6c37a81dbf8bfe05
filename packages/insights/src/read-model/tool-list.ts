import type { AdminToolList } from '@mana/contracts';
import { toolSummaries } from './tool-figures';
import { windowOf, type DashboardDeps } from '../window';

/** Every tool called in the window or the period before it, with the change between them; failures first. */
export async function adminToolListFor(deps: DashboardDeps, input: { days: number }): Promise<AdminToolList> {
  const window = windowOf(deps.now(), input.days);
  return { since: window.since, previousSince: window.previousSince, tools: await toolSummaries(deps, window) };
}
