import type { AdminModuleDetail, AdminOverview } from '@mana/contracts';
import { LineChart } from '../chart';
import { int, rating, ratingClass, when } from '../format';
import { href } from '../router';
import { useApi } from '../use-api';
import { Empty, Kpi, Load, NO_TICKS, Panel, Table } from '../ui';
import { ToolTable } from './tool-table';

const RATING_RANGE: [number, number] = [1, 5];

/** Every module with its rating in the window, lowest first; red only where the report for the same window flags it. */
export function Modules({ days }: { days: number }) {
  const overview = useApi<AdminOverview>(`/api/v1/admin/overview?days=${days}`);
  return (
    <div class="grid">
      <Panel title={`Modules — last ${days} days, lowest rated first`} id="modules" wide>
        <Load loaded={overview}>
          {(o) =>
            o.modules.length === 0 ? (
              <Empty>{NO_TICKS}</Empty>
            ) : (
              <Table head={['Module', ['Rating', 'num'], ['Ratings', 'num'], ['Unparsed', 'num'], ['Calls', 'num'], ['Errors', 'num']]}>
                {o.modules.map((m) => (
                  <tr data-module={m.module} data-flagged={m.flagged.join(' ')}>
                    <td>
                      <a href={href(`/modules/${encodeURIComponent(m.module)}`, days)}>{m.module}</a>
                    </td>
                    <td class={m.flagged.includes('rating') ? 'num bad' : 'num'}>{rating(m.averageRating)}</td>
                    <td class="num">{int(m.ratings)}</td>
                    <td class="num">{int(m.parseErrors)}</td>
                    <td class="num">{int(m.actions)}</td>
                    <td class={m.flagged.includes('errorRate') ? 'num bad' : 'num'}>{int(m.errors)}</td>
                  </tr>
                ))}
              </Table>
            )
          }
        </Load>
      </Panel>
    </div>
  );
}

/** One module: rating trend, its tools, recent notes with complaints first. */
export function ModulePage({ module, days }: { module: string; days: number }) {
  const detail = useApi<AdminModuleDetail>(`/api/v1/admin/modules/${encodeURIComponent(module)}?days=${days}`);
  return (
    <Load loaded={detail}>
      {(d) => (
        <div class="grid">
          <Panel title={`Module ${d.title ?? d.module}`} id="module" wide>
            {d.description && <p class="muted">{d.description}</p>}
            <div class="kpis">
              <Kpi
                label="Mean rating"
                value={rating(d.averageRating)}
                tone={d.flagged.includes('rating') ? 'bad' : ''}
                hint={d.flagged.includes('rating') ? 'the report flags a drop' : undefined}
              />
              <Kpi label="Ratings" value={int(d.ratings)} />
              <Kpi label="Unparsed ratings" value={int(d.parseErrors)} />
            </div>
          </Panel>
          <Panel title="Rating per day" id="module-chart" wide>
            <LineChart label="Rating per day" days={d.days} range={RATING_RANGE} lines={[{ label: d.module, values: d.series.map((p) => p.averageRating) }]} />
          </Panel>
          <Panel title="Tools" id="module-tools" wide>
            {d.tools.length === 0 ? <Empty>{NO_TICKS}</Empty> : <ToolTable tools={d.tools} days={days} id="module-tools-table" />}
          </Panel>
          <Panel title="Notes — complaints first" id="module-notes" wide>
            {d.notes.length === 0 ? (
              <Empty>No ratings of this module in the window.</Empty>
            ) : (
              <ul class="notes">
                {d.notes.map((n) => (
                  <li>
                    <b class={ratingClass(n.rating)}>{n.rating}/5</b> <a href={href(`/personas/${encodeURIComponent(n.personaId)}`, days)}>{n.personaName}</a> ·{' '}
                    <a href={href(`/ticks/${encodeURIComponent(n.tickId)}`, days)}>{when(n.createdAt)}</a>
                    <q>{n.notes ?? '(no notes)'}</q>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        </div>
      )}
    </Load>
  );
}
