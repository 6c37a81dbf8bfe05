/**
 * The Grafana dashboard (docs/grafana/mana-personas.json) against the metrics the
 * services really register: every PromQL expression parses (Prometheus's own Lezer
 * grammar) and every metric it selects is registered by mana-auth's, mana-mcp's or
 * the runner's prom-client registry. Renaming a metric without the dashboard fails
 * here.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parser } from '@prometheus-io/lezer-promql';
import type { Registry } from '@mana/core';
import { createAuthMetrics } from '@mana/auth';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { createMcpMetrics } from '@mana/mcp';
import { createRunnerMetrics } from '@mana/persona-runner';

interface Panel {
  title?: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}
interface Dashboard {
  panels: Panel[];
  templating: { list: { name: string; definition?: string }[] };
}

const dashboard = JSON.parse(readFileSync(new URL('../docs/grafana/mana-personas.json', import.meta.url), 'utf8')) as Dashboard;
let database: TestDatabase;
let registered: Set<string>;

beforeAll(async () => {
  database = await createTestDatabase();
  const registries: Registry[] = [createAuthMetrics(database, () => new Date()).registry, createMcpMetrics(() => 0).registry, createRunnerMetrics().registry];
  registered = new Set((await Promise.all(registries.map(seriesNames))).flat());
});
afterAll(async () => database?.close());

/** The series names a registry exposes: a histogram's _bucket/_sum/_count, a summary's quantiles, _sum and _count. */
async function seriesNames(registry: Registry): Promise<string[]> {
  return (await registry.getMetricsAsJSON()).flatMap(({ name, type }) => {
    if (String(type) === 'histogram') return [`${name}_bucket`, `${name}_sum`, `${name}_count`];
    if (String(type) === 'summary') return [name, `${name}_sum`, `${name}_count`];
    return [name];
  });
}

/** Every query of the dashboard with the panel it belongs to (rows may nest panels). */
function queries(panels: Panel[]): { panel: string; expr: string }[] {
  return panels.flatMap((panel) => [...(panel.targets ?? []).filter((t) => t.expr).map((t) => ({ panel: panel.title ?? '?', expr: t.expr! })), ...queries(panel.panels ?? [])]);
}

/** Grafana's variables are not PromQL: a range variable becomes a duration, any other a regex. */
const withoutVariables = (expr: string) => expr.replace(/\$__(rate_interval|interval|range)\b/g, '5m').replace(/\$\{?\w+\}?/g, '.*');

/** The metric names a PromQL expression selects; throws on a syntax error. */
function selectedMetrics(expr: string): string[] {
  const source = withoutVariables(expr);
  const tree = parser.parse(source);
  const names: string[] = [];
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) throw new Error(`PromQL syntax error at ${cursor.from} in: ${source}`);
    if (cursor.name === 'Identifier' && cursor.node.parent?.name === 'VectorSelector') names.push(source.slice(cursor.from, cursor.to));
  } while (cursor.next());
  return names;
}

const unknownIn = (expr: string) => selectedMetrics(expr).filter((name) => !registered.has(name));

describe('the Grafana dashboard', () => {
  const all = queries(dashboard.panels);

  it('has queries, and each one parses as PromQL', () => {
    expect(all.length).toBeGreaterThan(20);
    for (const { panel, expr } of all) expect(() => selectedMetrics(expr), panel).not.toThrow();
  });

  it('selects only metrics the three services register', () => {
    const referenced = new Set(all.flatMap(({ expr }) => selectedMetrics(expr)));
    // Each service's own metrics and the shared HTTP and process ones are on the dashboard.
    for (const prefix of ['mana_auth_', 'mana_report_', 'mana_mcp_', 'persona_runner_', 'http_request', 'process_', 'nodejs_']) {
      expect(
        [...referenced].some((name) => name.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
    for (const { panel, expr } of all) expect(unknownIn(expr), `${panel}: ${expr}`).toEqual([]);
  });

  it('the service filter reads a metric every service registers', () => {
    const job = dashboard.templating.list.find((variable) => variable.name === 'job');
    const metric = /^label_values\((\w+),\s*job\)$/.exec(job?.definition ?? '')?.[1];
    expect(metric && registered.has(metric)).toBe(true);
  });

  it('would catch a renamed metric (the check is not vacuous)', () => {
    expect(unknownIn('sum(rate(persona_runner_tick_total[5m]))')).toEqual(['persona_runner_tick_total']);
    expect(unknownIn('histogram_quantile(0.9, rate(mana_mcp_tool_call_duration_seconds_bucket[5m]))')).toEqual([]);
    expect(unknownIn('rate(mana_mcp_tool_call_duration_seconds[5m])')).toEqual(['mana_mcp_tool_call_duration_seconds']);
    expect(() => selectedMetrics('sum(rate(x[5m])')).toThrow(/syntax error/);
  });
});
