import type { Report, ReportModule, ReportQuery, ReportTool } from '@mana/contracts';
import type { Database } from '@mana/db';
import { decideAnomalies } from './anomalies';
import { buildCandidates } from './candidates';
import { groupByCause } from './causes';
import { groupComplaints } from './complaints';
import { loadPersonaAggregates, loadSurfaces } from './persona-queries';
import { populationOf } from './population';
import { loadAggregates, loadComplaintNotes, type LatencyBin, type RatingCount, type ToolCounts } from './queries';
import { DEFAULT_ANOMALY_SETTINGS, type AnomalySettings } from './settings';
import { simulatorsOf } from './simulators';
import { binToMs, quantile } from './statistics/histogram';
import { latestHashes, surfaceDrift, surfacesOf } from './surface-drift';
import { resolveWindow, type ReportWindow } from '../window';

/** What the report verb needs. */
export interface ReportDeps {
  database: Database;
  now: () => Date;
}

export interface BuildReportInput {
  query: ReportQuery;
  /** Overrides of the anomaly thresholds (defaults: DEFAULT_ANOMALY_SETTINGS). */
  settings?: Partial<AnomalySettings>;
}

/**
 * The regression report: the period (`since` .. `until`) against the previous
 * period of the same length — per module ratings, per tool calls, errors, empty
 * reads and latency (the app's handler time where the server reports it), grouped
 * complaints, who played (population) under which simulators and surfaces, and
 * the anomalies: each persona compared with itself under the same simulator
 * (docs/statistics.md), with false-discovery control and a minimum effect,
 * grouped by cause; plus the MCP surface's drift. Read-only; CLI, admin API
 * and scheduler all call it.
 */
export async function buildReport(deps: ReportDeps, input: BuildReportInput): Promise<Report> {
  const settings = { ...DEFAULT_ANOMALY_SETTINGS, ...input.settings };
  const window = resolveWindow(input.query, deps.now());
  const [aggregates, notes, units] = await Promise.all([
    loadAggregates(deps.database, window),
    loadComplaintNotes(deps.database, window),
    loadPersonaAggregates(deps.database, window),
  ]);
  const tools = toolRows(aggregates.tools, aggregates.latencies, settings);
  const candidates = buildCandidates(units.tools, units.ratings, settings);
  const { decided, testable } = decideAnomalies(candidates, settings);
  const hashes = latestHashes(units.surfaces);
  const stored = await loadSurfaces(deps.database, [...new Set(units.surfaces.map((s) => s.hash))]);
  const moduleOf = (tool: string) => tools.find((t) => t.name === tool)?.module ?? '';
  const firstSeen = units.surfaces.find((s) => s.side === 1 && s.hash === hashes.after)?.firstAt;
  const comparedPersonas = new Set(candidates.flatMap((c) => c.pairs.map((p) => p.persona))).size;
  const simulators = simulatorsOf(units.simulators, comparedPersonas);
  return {
    generatedAt: deps.now().toISOString(),
    ...windowOf(window),
    modules: moduleRows(aggregates.ratings),
    tools,
    complaints: groupComplaints(notes),
    anomalies: [...groupByCause(decided, settings.falseDiscoveryRate), ...surfaceDrift(hashes, stored, moduleOf, firstSeen)],
    notices: simulators.notice ? [simulators.notice] : [],
    population: populationOf(units.population),
    simulators: simulators.section,
    surfaces: surfacesOf(units.surfaces, stored),
    settings: { ...settings, tested: candidates.length, testable },
  };
}

function windowOf(w: ReportWindow): Pick<Report, 'period' | 'previous'> {
  return {
    period: { since: w.since.toISOString(), until: w.until.toISOString() },
    previous: { since: w.prevSince.toISOString(), until: w.since.toISOString() },
  };
}

const rate = (errors: number, calls: number) => (calls > 0 ? errors / calls : null);
const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
const round = (value: number | null, digits = 4) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

/** Per tool: both periods' counts and latency over every call (the tests compare personas, `candidates.ts`). */
function toolRows(counts: ToolCounts[], latencies: LatencyBin[], settings: AnomalySettings): ReportTool[] {
  const names = [...new Set(counts.map((c) => c.tool))].sort();
  return names.map((name) => {
    const side = (s: 0 | 1) => counts.find((c) => c.tool === name && c.side === s) ?? { calls: 0, errors: 0, reads: 0, empties: 0, module: '' };
    const [before, after] = [side(0), side(1)];
    const tool = { name, module: after.module || before.module };
    const latency = latencyOf(
      latencies.filter((l) => l.tool === name),
      settings.minObservations,
    );
    const errorRate = rate(after.errors, after.calls);
    const prevErrorRate = rate(before.errors, before.calls);
    return {
      ...tool,
      calls: after.calls,
      errors: after.errors,
      errorRate: round(errorRate),
      prevCalls: before.calls,
      prevErrors: before.errors,
      prevErrorRate: round(prevErrorRate),
      errorRateChange: round(diff(errorRate, prevErrorRate)),
      reads: after.reads,
      emptyRate: round(rate(after.empties, after.reads)),
      prevReads: before.reads,
      prevEmptyRate: round(rate(before.empties, before.reads)),
      p50Ms: latency.after.p50,
      p95Ms: latency.after.p95,
      prevP50Ms: latency.before.p50,
      prevP95Ms: latency.before.p95,
      p50Change: latency.after.p50 !== null && latency.before.p50 ? round(latency.after.p50 / latency.before.p50 - 1) : null,
      latencySource: latency.source,
    };
  });
}

/**
 * A tool's latency histograms: the handler time when the server reported it in
 * both periods (enough calls each), else what the client measured.
 */
function latencyOf(bins: LatencyBin[], minObservations: number) {
  const total = (source: LatencyBin['source'], side: 0 | 1) => bins.filter((b) => b.source === source && b.side === side).reduce((sum, b) => sum + b.count, 0);
  const usable = (source: LatencyBin['source']) => total(source, 0) >= minObservations && total(source, 1) >= minObservations;
  const source = usable('handler') ? 'handler' : usable('client') ? 'client' : total('handler', 1) > 0 ? 'handler' : total('client', 1) > 0 ? 'client' : 'none';
  const chosen = bins.filter((b) => b.source === source);
  const stats = (side: 0 | 1) => {
    const histogram = chosen.filter((b) => b.side === side).map((b) => ({ value: b.bin, count: b.count }));
    const at = (q: number) => {
      const bin = quantile(histogram, q);
      return bin === null ? null : binToMs(bin);
    };
    return { p50: at(0.5), p95: at(0.95) };
  };
  return { source, before: stats(0), after: stats(1) } as const;
}

/** Per module: both periods' rated rows (parse errors apart). */
function moduleRows(ratings: RatingCount[]): ReportModule[] {
  const names = [...new Set(ratings.map((r) => r.module))].sort();
  return names.map((name) => {
    const rows = ratings.filter((r) => r.module === name);
    const counts = [1, 2, 3, 4, 5].map((value) => ({
      value,
      before: rows.filter((r) => r.side === 0 && r.rating === value).reduce((s, r) => s + r.count, 0),
      after: rows.filter((r) => r.side === 1 && r.rating === value).reduce((s, r) => s + r.count, 0),
    }));
    const n = (pick: 'before' | 'after') => counts.reduce((s, c) => s + c[pick], 0);
    const avg = (pick: 'before' | 'after') => (n(pick) > 0 ? counts.reduce((s, c) => s + c.value * c[pick], 0) / n(pick) : null);
    const avgRating = avg('after');
    const prevAvgRating = avg('before');
    return {
      name,
      ratings: n('after'),
      avgRating: round(avgRating, 3),
      prevRatings: n('before'),
      prevAvgRating: round(prevAvgRating, 3),
      change: round(diff(avgRating, prevAvgRating), 3),
      parseErrors: rows.filter((r) => r.side === 1 && r.rating === null).reduce((s, r) => s + r.count, 0),
    };
  });
}
