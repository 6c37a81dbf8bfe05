import type { AdminOverview, AdminSeries, FindingsResponse } from '@mana/contracts';
import { LineChart } from '../chart';
import { int, pct, rating, ratingClass, usd } from '../format';
import { href } from '../router';
import { useApi } from '../use-api';
import { Empty, Kpi, Load, NO_TICKS, Panel, Table } from '../ui';
import { Findings } from './findings';
import { LatencyCharts } from './tools';

const RATING_RANGE: [number, number] = [1, 5];

/** The morning view: open findings, the window's ticks, ratings per module over time, tool health over time. */
export function Overview({ days }: { days: number }) {
  const overview = useApi<AdminOverview>(`/api/v1/admin/overview?days=${days}`);
  const series = useApi<AdminSeries>(`/api/v1/admin/series?days=${days}`);
  const findings = useApi<FindingsResponse>(`/api/v1/admin/findings?status=open`);
  return (
    <div class="grid">
      <Findings loaded={findings} days={days} />
      <Panel title={`Ticks — last ${days} days`} id="kpis" wide>
        <Load loaded={overview}>
          {(o) => {
            const done = o.ticks.succeeded + o.ticks.failed;
            const calls = o.modules.reduce((s, m) => s + m.actions, 0);
            const errors = o.modules.reduce((s, m) => s + m.errors, 0);
            const errorsFlagged = o.tools.some((t) => t.flagged.includes('errorRate'));
            return (
              <>
                <div class="kpis">
                  <Kpi label="Ticks" value={int(done)} hint={o.ticks.inFlight ? `${o.ticks.inFlight} in flight` : undefined} />
                  <Kpi label="Success rate" value={done ? pct(o.ticks.succeeded / done) : '–'} tone={o.ticks.failed ? 'warn' : ''} hint={`${o.ticks.failed} failed`} />
                  <Kpi label="Tool calls" value={int(calls)} />
                  <Kpi
                    label="Tool error rate"
                    value={calls ? pct(errors / calls) : '–'}
                    tone={errorsFlagged ? 'bad' : ''}
                    hint={`${int(errors)} of ${int(calls)} calls${errorsFlagged ? ' · the report flags a rise' : ''}`}
                  />
                  <Kpi label="Tokens" value={int(o.ticks.inputTokens + o.ticks.outputTokens)} hint={`${int(o.ticks.inputTokens)} in / ${int(o.ticks.outputTokens)} out`} />
                  <Kpi label="Cost" value={usd(o.ticks.costUsd)} />
                </div>
                {done === 0 && o.ticks.inFlight === 0 && <Empty>{NO_TICKS}</Empty>}
              </>
            );
          }}
        </Load>
      </Panel>
      <Panel title="Module ratings per day (mean of 1–5)" id="ratings-chart" wide>
        <Load loaded={series}>
          {(s) => (
            <LineChart
              label="Module ratings per day"
              days={s.days}
              range={RATING_RANGE}
              lines={s.modules.map((m) => ({ label: m.module, values: m.points.map((p) => p.averageRating) }))}
            />
          )}
        </Load>
      </Panel>
      <Panel title="Modules" id="modules">
        <Load loaded={overview}>
          {(o) =>
            o.modules.length === 0 ? (
              <Empty>{NO_TICKS}</Empty>
            ) : (
              <Table head={['Module', ['Rating', 'num'], ['Ratings', 'num'], ['Calls', 'num'], ['Errors', 'num']]}>
                {o.modules.map((m) => (
                  <tr data-module={m.module} data-flagged={m.flagged.join(' ')}>
                    <td>
                      <a href={href(`/modules/${encodeURIComponent(m.module)}`, days)}>{m.module}</a>
                    </td>
                    <td class={m.flagged.includes('rating') ? 'num bad' : 'num'}>{rating(m.averageRating)}</td>
                    <td class="num">
                      {int(m.ratings)}
                      {m.parseErrors > 0 && <small class="muted"> +{m.parseErrors} unparsed</small>}
                    </td>
                    <td class="num">{int(m.actions)}</td>
                    <td class={m.flagged.includes('errorRate') ? 'num bad' : 'num'}>{int(m.errors)}</td>
                  </tr>
                ))}
              </Table>
            )
          }
        </Load>
      </Panel>
      <Panel title="Lowest ratings (1–2)" id="complaints">
        <Load loaded={overview}>
          {(o) =>
            o.complaints.length === 0 ? (
              <Empty>No rating of 1 or 2 in this window.</Empty>
            ) : (
              <ul class="notes">
                {o.complaints.slice(0, 8).map((c) => (
                  <li>
                    <b class={ratingClass(c.rating)}>{c.rating}/5</b> <a href={href(`/modules/${encodeURIComponent(c.module)}`, days)}>{c.module}</a> · {c.personaName}
                    <q>{c.notes ?? '(no notes)'}</q>
                  </li>
                ))}
              </ul>
            )
          }
        </Load>
      </Panel>
      <Panel title="Tool error rate per day" id="errors-chart">
        <Load loaded={series}>
          {(s) => <LineChart label="Tool error rate per day" days={s.days} percent lines={[{ label: 'error rate', values: s.tools.map((p) => p.errorRate) }]} />}
        </Load>
      </Panel>
      <Load loaded={series}>{(s) => <LatencyCharts points={s.tools} days={s.days} source={s.latencySource} id="latency-chart" />}</Load>
      <Panel title="Ticks per day" id="ticks-chart">
        <Load loaded={series}>
          {(s) => (
            <LineChart
              label="Ticks per day"
              days={s.days}
              format={(v) => String(Math.round(v))}
              lines={[
                { label: 'succeeded', values: s.ticks.map((p) => p.succeeded) },
                { label: 'failed', values: s.ticks.map((p) => p.failed) },
              ]}
            />
          )}
        </Load>
      </Panel>
    </div>
  );
}
