import type { AdminPersonaDetail, AdminPersonaRatings } from '@mana/contracts';
import { LineChart } from '../chart';
import { int, rating, ratingClass, usd, when } from '../format';
import { href } from '../router';
import { useApi } from '../use-api';
import { Empty, Kpi, Load, Panel, Table } from '../ui';

const RATING_RANGE: [number, number] = [1, 5];

/** One persona: profile, module mix, system prompt, ratings per module over time, tick history. */
export function PersonaPage({ id, days }: { id: string; days: number }) {
  const detail = useApi<AdminPersonaDetail>(`/api/v1/admin/personas/${encodeURIComponent(id)}`);
  const ratings = useApi<AdminPersonaRatings>(`/api/v1/admin/personas/${encodeURIComponent(id)}/ratings?days=${days}`);
  return (
    <Load loaded={detail}>
      {(d) => {
        const p = d.persona;
        const mixTotal = Object.values(p.moduleMix).reduce((s, w) => s + w, 0) || 1;
        return (
          <div class="grid">
            <Panel title={p.name} id="persona" wide>
              <p class="muted">
                {p.archetype} · {p.email} · {p.tickCadence} in {p.timeZone} · {p.locale}
              </p>
              <div class="kpis">
                <Kpi label="Rating 7d" value={rating(p.averageRating7d)} tone={ratingClass(p.averageRating7d)} hint={`${p.ratings7d} ratings`} />
                <Kpi label="Calls 7d" value={int(p.actions7d)} />
                <Kpi label="Last active" value={when(p.lastActiveAt)} hint={p.lastTickStatus ?? undefined} />
              </div>
            </Panel>
            <Panel title="Ratings per module and day" id="persona-chart" wide>
              <Load loaded={ratings}>
                {(r) => (
                  <LineChart
                    label="Ratings per module and day"
                    days={r.days}
                    range={RATING_RANGE}
                    lines={r.modules.map((m) => ({ label: m.module, values: m.points.map((pt) => pt.averageRating) }))}
                  />
                )}
              </Load>
            </Panel>
            <Panel title="Ticks" id="persona-ticks" wide>
              {d.ticks.length === 0 ? (
                <Empty>No tick yet: the runner has not reached this persona (is it paused?).</Empty>
              ) : (
                <Table id="persona-ticks-table" head={['Slot', 'Status', 'Driver', ['Tokens', 'num'], ['Cost', 'num'], 'Finished', 'Error']}>
                  {d.ticks.map((t) => (
                    <tr data-tick={t.id}>
                      <td>
                        <a href={href(`/ticks/${encodeURIComponent(t.id)}`, days)}>{t.slot}</a>
                      </td>
                      <td>
                        <span class={`badge ${t.status}`}>{t.status}</span>
                        {t.attempt > 1 && <small class="muted"> attempt {t.attempt}</small>}
                      </td>
                      <td>
                        {t.driver ?? '–'}
                        {t.model && <small class="muted"> {t.model}</small>}
                      </td>
                      <td class="num">{int(t.inputTokens + t.outputTokens)}</td>
                      <td class="num">{usd(t.costUsd)}</td>
                      <td>{when(t.finishedAt)}</td>
                      <td class={t.error ? 'bad' : 'muted'}>{t.error ?? '–'}</td>
                    </tr>
                  ))}
                </Table>
              )}
            </Panel>
            <Panel title="Module mix" id="persona-mix">
              <ul class="mix">
                {Object.entries(p.moduleMix)
                  .sort((a, b) => b[1] - a[1])
                  .map(([module, weight]) => (
                    <li>
                      <a href={href(`/modules/${encodeURIComponent(module)}`, days)}>{module}</a>
                      <meter min={0} max={1} value={weight / mixTotal} />
                      <small>{Math.round((weight / mixTotal) * 100)}%</small>
                    </li>
                  ))}
              </ul>
              <Table head={['Module', ['Rating (all time)', 'num'], ['Ratings', 'num']]}>
                {d.modules.map((m) => (
                  <tr>
                    <td>{m.module}</td>
                    <td class={`num ${ratingClass(m.averageRating)}`}>{rating(m.averageRating)}</td>
                    <td class="num">{int(m.ratings)}</td>
                  </tr>
                ))}
              </Table>
            </Panel>
            <Panel title="System prompt" id="persona-prompt">
              <pre class="prompt">{p.systemPrompt}</pre>
            </Panel>
          </div>
        );
      }}
    </Load>
  );
}
