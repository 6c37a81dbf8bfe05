import type { ReportAnomaly } from '@mana/contracts';
import { restrictedPValue, type Decided } from './anomalies';

/**
 * What personas' behaviour can move: how often their reads come back empty
 * depends on what they ask for and when, and a rating is their opinion of what
 * the tools did. A tool's errors and its latency are what the product does to
 * a call; another fault does not make them worse, so they always lead.
 */
const CONSEQUENTIAL = new Set(['emptyRate', 'rating']);

/**
 * One cause, one finding. Personas who meet a fault change what they do next
 * (and rate the module lower), so a fault raises findings beside its own. In
 * order of evidence (smallest q first), an empty-rate or rating finding is a consequence of an
 * earlier lead when, among the personas that never met that lead (those whose
 * own summary of the lead's metric did not get worse), its own test no longer
 * holds: p above the false-discovery level, or leaning the other way, or no
 * such persona left — a lead in its own module is tried first. Otherwise it
 * stands as a lead of its own.
 * Returns the leads, each followed by its consequences (`causedBy` set).
 */
export function groupByCause(decided: readonly Decided[], alpha: number): ReportAnomaly[] {
  const leads: { lead: Decided; exposed: Set<string>; consequences: ReportAnomaly[] }[] = [];
  for (const finding of strongestFirst(decided)) {
    const sameModuleFirst = [...leads].sort((a, b) => Number(b.lead.anomaly.module === finding.anomaly.module) - Number(a.lead.anomaly.module === finding.anomaly.module));
    const lead = CONSEQUENTIAL.has(finding.candidate.metric)
      ? sameModuleFirst.find(({ exposed }) => {
          const alone = restrictedPValue(finding.candidate, (persona) => !exposed.has(persona));
          return alone.personas === 0 || !alone.leansBad || alone.pValue > alpha;
        })
      : undefined;
    if (lead) {
      lead.consequences.push({ ...finding.anomaly, causedBy: lead.lead.anomaly.key, summary: `${finding.anomaly.summary} Moves with ${lead.lead.anomaly.key}.` });
      continue;
    }
    leads.push({ lead: finding, exposed: exposedPersonas(finding), consequences: [] });
  }
  return leads.flatMap(({ lead, consequences }) => [lead.anomaly, ...consequences]);
}

/**
 * By q, then p; at equal evidence (q-values of BH often tie) a tool's
 * behaviour leads a module's rating: a rating is the personas' opinion of what
 * the tools did.
 */
function strongestFirst(decided: readonly Decided[]): Decided[] {
  const rank = (d: Decided) => (d.candidate.kind === 'tool' ? 0 : 1);
  return [...decided].sort(
    (a, b) => a.anomaly.qValue! - b.anomaly.qValue! || rank(a) - rank(b) || a.candidate.pValue - b.candidate.pValue || a.anomaly.key.localeCompare(b.anomaly.key),
  );
}

/** The personas that met a finding: their own summary of its metric got worse. */
function exposedPersonas({ candidate }: Decided): Set<string> {
  const direction = candidate.metric === 'rating' ? -1 : 1;
  return new Set(candidate.pairs.filter((p) => (p.after - p.before) * direction > 0).map((p) => p.persona));
}
