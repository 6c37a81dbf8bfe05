import type { AdminToolDetail, AdminToolList } from '@mana/contracts';
import { LineChart } from '../chart';
import { int, ms, pct, when } from '../format';
import { href } from '../router';
import { useApi } from '../use-api';
import { Empty, Kpi, Load, NO_TICKS, Panel, Table } from '../ui';
import { ToolTable } from './tool-table';

/** Every tool called in the window: failures first, with the change against the period before. */
export function Tools({ days }: { days: number }) {
  const list = useApi<AdminToolList>(`/api/v1/admin/tools?days=${days}`);
  return (
    <div class="grid">
      <Panel title={`Tools — last ${days} days against the ${days} days before`} id="tools" wide>
        <Load loaded={list}>{(l) => (l.tools.length === 0 ? <Empty>{NO_TICKS}</Empty> : <ToolTable tools={l.tools} days={days} id="tools-table" />)}</Load>
      </Panel>
    </div>
  );
}

/** One tool: figures, trend per day, latest errors linked to their ticks. */
export function ToolPage({ name, days }: { name: string; days: number }) {
  const detail = useApi<AdminToolDetail>(`/api/v1/admin/tools/${encodeURIComponent(name)}?days=${days}`);
  return (
    <Load loaded={detail}>
      {(d) => (
        <div class="grid">
          <Panel title={`Tool ${d.tool.toolName}`} id="tool" wide>
            <p class="muted">
              Module <a href={href(`/modules/${encodeURIComponent(d.tool.module)}`, days)}>{d.tool.module}</a>
              {d.description && ` — ${d.description}`}
            </p>
            <div class="kpis">
              <Kpi label="Calls" value={int(d.tool.calls)} hint={`${int(d.tool.previous.calls)} before`} />
              <Kpi label="Error rate" value={pct(d.tool.errorRate)} hint={`${pct(d.tool.previous.errorRate)} before`} tone={d.tool.errors ? 'warn' : ''} />
              <Kpi label="p50 latency" value={ms(d.tool.p50LatencyMs)} hint={`${ms(d.tool.previous.p50LatencyMs)} before`} />
              <Kpi label="p95 latency" value={ms(d.tool.p95LatencyMs)} hint={`${ms(d.tool.previous.p95LatencyMs)} before`} />
            </div>
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
          <Panel title="Latency per day (p50 / p95)" id="tool-latency-chart">
            <LineChart
              label="Latency per day"
              days={d.days}
              format={(v) => ms(v)}
              lines={[
                { label: 'p50', values: d.series.map((p) => p.p50LatencyMs) },
                { label: 'p95', values: d.series.map((p) => p.p95LatencyMs) },
              ]}
            />
          </Panel>
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
      )}
    </Load>
  );
}
