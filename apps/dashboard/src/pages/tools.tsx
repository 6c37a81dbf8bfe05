import type { AdminToolDetail, AdminToolList, ToolPoint, ToolSummary } from '@mana/contracts';
import { LineChart } from '../chart';
import { int, ms, pct, when } from '../format';
import { href } from '../router';
import { useApi } from '../use-api';
import { Empty, Kpi, Load, NO_TICKS, Panel, Table } from '../ui';
import { Delta, ToolTable } from './tool-table';

/** Every tool called in the window: failures first, with the change against the period before. */
export function Tools({ days }: { days: number }) {
  const list = useApi<AdminToolList>(`/api/v1/admin/tools?days=${days}`);
  return (
    <div class="grid">
      <Panel title={`Tools — last ${days} days against the ${days} days before`} id="tools" wide>
        <p class="muted legend-note">
          Red marks only a change the regression report for the same window flags; every other change is shown plain, with its counts. Latency is the app's handler time where the
          server reports it (as the report judges it), the client-measured time beside it.
        </p>
        <Load loaded={list}>{(l) => (l.tools.length === 0 ? <Empty>{NO_TICKS}</Empty> : <ToolTable tools={l.tools} days={days} id="tools-table" />)}</Load>
      </Panel>
    </div>
  );
}

/**
 * Latency per day on the report's source (the app's handler time where the
 * server reported it), and the client-measured latency in a panel beside it.
 */
export function LatencyCharts({ points, days, source, id }: { points: ToolPoint[]; days: string[]; source: ToolSummary['latencySource']; id: string }) {
  const handler = source === 'handler';
  return (
    <>
      <Panel title={handler ? 'Latency per day — app handler time (p50 / p95)' : 'Latency per day — client-measured (p50 / p95)'} id={id}>
        <LineChart
          label={handler ? 'App handler time per day' : 'Client-measured latency per day'}
          days={days}
          format={ms}
          lines={[
            { label: handler ? 'app p50' : 'client p50', values: points.map((p) => p.p50LatencyMs) },
            { label: handler ? 'app p95' : 'client p95', values: points.map((p) => p.p95LatencyMs) },
          ]}
        />
        {!handler && <p class="muted">The server reported no handler time for these calls.</p>}
      </Panel>
      {handler && (
        <Panel title="Client-measured latency per day (p50 / p95)" id={`${id}-client`}>
          <LineChart
            label="Client-measured latency per day"
            days={days}
            format={ms}
            lines={[
              { label: 'client p50', values: points.map((p) => p.p50ClientMs) },
              { label: 'client p95', values: points.map((p) => p.p95ClientMs) },
            ]}
          />
          <p class="muted">Measured by the runner around each call: network, queueing and the simulation's own load included. The report judges the app time.</p>
        </Panel>
      )}
    </>
  );
}

/** One tool: figures, trend per day, latest errors linked to their ticks; only what the report flags is marked. */
export function ToolPage({ name, days }: { name: string; days: number }) {
  const detail = useApi<AdminToolDetail>(`/api/v1/admin/tools/${encodeURIComponent(name)}?days=${days}`);
  return (
    <Load loaded={detail}>
      {(d) => {
        const flagged = (metric: ToolSummary['flagged'][number]) => d.tool.flagged.includes(metric);
        const handler = d.tool.latencySource === 'handler';
        const app = handler ? 'app' : 'client';
        return (
          <div class="grid">
            <Panel title={`Tool ${d.tool.toolName}`} id="tool" wide>
              <p class="muted">
                Module <a href={href(`/modules/${encodeURIComponent(d.tool.module)}`, days)}>{d.tool.module}</a>
                {d.description && ` — ${d.description}`}
              </p>
              <div class="kpis">
                <Kpi label="Calls" value={int(d.tool.calls)} hint={`${int(d.tool.previous.calls)} before`} />
                <Kpi
                  label="Error rate"
                  value={pct(d.tool.errorRate)}
                  hint={`${int(d.tool.errors)} of ${int(d.tool.calls)} · ${pct(d.tool.previous.errorRate)} before (${int(d.tool.previous.errors)} of ${int(d.tool.previous.calls)})`}
                  tone={flagged('errorRate') ? 'bad' : ''}
                />
                <Kpi
                  label="Empty reads"
                  value={pct(d.tool.emptyRate)}
                  hint={`${int(d.tool.empties)} of ${int(d.tool.reads)} · ${pct(d.tool.previous.emptyRate)} before (${int(d.tool.previous.empties)} of ${int(d.tool.previous.reads)})`}
                  tone={flagged('emptyRate') ? 'bad' : ''}
                />
                <Kpi
                  label={`p50 latency (${app})`}
                  value={ms(d.tool.p50LatencyMs)}
                  hint={`${ms(d.tool.previous.p50LatencyMs)} before${handler ? ` · client ${ms(d.tool.p50ClientMs)}` : ''}`}
                  tone={flagged('latency') ? 'bad' : ''}
                />
                <Kpi
                  label={`p95 latency (${app})`}
                  value={ms(d.tool.p95LatencyMs)}
                  hint={`${ms(d.tool.previous.p95LatencyMs)} before${handler ? ` · client ${ms(d.tool.p95ClientMs)}` : ''}`}
                />
              </div>
              <p class="muted" id="tool-changes">
                Against the {days} days before: error rate <Delta now={d.tool.errorRate} before={d.tool.previous.errorRate} kind="rate" flagged={flagged('errorRate')} /> empty
                reads <Delta now={d.tool.emptyRate} before={d.tool.previous.emptyRate} kind="rate" flagged={flagged('emptyRate')} /> p50{' '}
                <Delta now={d.tool.p50LatencyMs} before={d.tool.previous.p50LatencyMs} kind="relative" flagged={flagged('latency')} />
                {d.tool.flagged.length === 0 && ' — the report flags none of these changes.'}
              </p>
            </Panel>
            <Panel title="Calls per day" id="tool-calls-chart">
              <LineChart
                label="Calls per day"
                days={d.days}
                format={(v) => String(Math.round(v))}
                lines={[
                  { label: 'calls', values: d.series.map((p) => p.calls) },
                  { label: 'errors', values: d.series.map((p) => p.errors) },
                ]}
              />
            </Panel>
            <LatencyCharts points={d.series} days={d.days} source={d.tool.latencySource} id="tool-latency-chart" />
            <Panel title="Latest errors" id="tool-errors" wide>
              {d.errors.length === 0 ? (
                <Empty>No failed call in this window.</Empty>
              ) : (
                <Table head={['When', 'Persona', 'Error', 'Tick']}>
                  {d.errors.map((e) => (
                    <tr>
                      <td>{when(e.createdAt)}</td>
                      <td>
                        <a href={href(`/personas/${encodeURIComponent(e.personaId)}`, days)}>{e.personaName}</a>
                      </td>
                      <td class="bad">{e.message ?? '–'}</td>
                      <td>
                        <a href={href(`/ticks/${encodeURIComponent(e.tickId)}`, days)}>open tick</a>
                      </td>
                    </tr>
                  ))}
                </Table>
              )}
            </Panel>
          </div>
        );
      }}
    </Load>
  );
}
