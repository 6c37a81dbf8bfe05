import type { ReportAnomaly, ReportSimulator, ReportSimulators } from '@mana/contracts';
import type { SimulatorRow } from './persona-queries';

/**
 * The simulators of both periods and, when the mix changed, what changed:
 * the report compares a persona with itself under one simulator only, and
 * says so first, so a new model or prompt never reads as a product change.
 */
export function simulatorsOf(rows: readonly SimulatorRow[], comparedPersonas: number): { section: ReportSimulators; notice: ReportAnomaly | null } {
  const side = (s: 0 | 1): ReportSimulator[] =>
    rows
      .filter((r) => r.side === s)
      .sort((a, b) => b.ticks - a.ticks || a.key.localeCompare(b.key))
      .map(({ side: _side, ...simulator }) => simulator);
  const [before, after] = [side(0), side(1)];
  const beforeKeys = new Set(before.map((s) => s.key));
  const afterKeys = new Set(after.map((s) => s.key));
  const arrived = after.filter((s) => !beforeKeys.has(s.key));
  const changed = before.length > 0 && after.length > 0 && (arrived.length > 0 || before.some((s) => !afterKeys.has(s.key)));
  if (!changed) return { section: { before, after, changed: false, note: null }, notice: null };
  const from = before[0]!;
  const to = arrived[0] ?? after[0]!;
  const on = arrived.length > 0 ? arrived.map((s) => s.firstAt).sort()[0]! : to.firstAt;
  const note =
    `The simulator changed on ${on.slice(0, 10)}: ${describeChange(from, to)}. ` +
    `Calls and ratings are compared within each simulator only (${comparedPersonas} persona${comparedPersonas === 1 ? '' : 's'} played under the same simulator in both periods).`;
  const notice: ReportAnomaly = {
    key: `simulator:${from.key}→${to.key}:simulator`,
    kind: 'simulator',
    name: `${from.key}→${to.key}`,
    module: '',
    metric: 'simulator',
    test: 'fingerprint',
    before: 0,
    after: 0,
    counts: { before: from.ticks, after: to.ticks },
    pValue: null,
    qValue: null,
    effect: 0,
    summary: note,
  };
  return { section: { before, after, changed: true, note }, notice };
}

/** "persona model claude-haiku → claude-sonnet, offline policy v2 → v3". */
function describeChange(from: ReportSimulator, to: ReportSimulator): string {
  const parts: string[] = [];
  const show = (v: string | null) => v ?? 'none';
  if (from.driver !== to.driver) parts.push(`driver ${from.driver} → ${to.driver}`);
  if (from.model !== to.model) parts.push(`persona model ${show(from.model)} → ${show(to.model)}`);
  if (from.promptHash !== to.promptHash) parts.push(`prompt templates ${show(from.promptHash)} → ${show(to.promptHash)}`);
  if (from.policyVersion !== to.policyVersion) parts.push(`offline policy ${show(from.policyVersion)} → ${show(to.policyVersion)}`);
  return parts.length > 0 ? parts.join(', ') : `simulator ${from.key} → ${to.key}`;
}
