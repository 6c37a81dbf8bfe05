import type { AdminReplayDetail, AdminReplayList, ReplayDifference, ReplayResult } from '@mana/contracts';
import { int, ms, when } from '../format';
import { href } from '../router';
import { useApi } from '../use-api';
import { Empty, Kpi, Load, Panel, Table } from '../ui';

const PAGE = 25;

/** Exit code 0 is "nothing worse", 1 "something got worse" (what CI acted on). */
const verdict = (exitCode: number) => (exitCode === 0 ? <span class="badge ok">nothing worse</span> : <span class="badge error">got worse</span>);

/** The replay runs stored in the database (`npm run replay` against a database), newest first, paged in the URL. */
export function Replays({ days, query }: { days: number; query: URLSearchParams }) {
  const page = Math.max(1, Number(query.get('page')) || 1);
  const list = useApi<AdminReplayList>(`/api/v1/admin/replays?limit=${PAGE}&offset=${(page - 1) * PAGE}`);
  return (
    <div class="grid">
      <Panel title="Replay runs" id="replays" wide>
        <Load loaded={list}>
          {(l) => {
            if (l.total === 0)
              return (
                <Empty>
                  No replay runs stored yet: export a recording with <code>npm run record:export</code> and replay it with <code>npm run replay</code> against a database.
                </Empty>
              );
            const pages = Math.ceil(l.total / PAGE);
            return (
              <>
                <Table
                  id="replays-table"
                  head={['Started', 'Target', 'Recording', ['Calls', 'num'], ['Differences', 'num'], ['Regressions', 'num'], ['Tools changed', 'num'], 'Verdict']}
                >
                  {l.runs.map((r) => (
                    <tr data-id={r.id}>
                      <td>
                        <a href={href(`/replays/${encodeURIComponent(r.id)}`, days)}>{when(r.startedAt)}</a>
                      </td>
                      <td>{r.target}</td>
                      <td>{r.recording ? `${int(r.recording.ticks)} ticks of ${int(r.recording.personas)} personas` : '–'}</td>
                      <td class="num">{int(r.calls)}</td>
                      <td class="num">{int(r.differences)}</td>
                      <td class={`num ${r.regressions ? 'bad' : ''}`}>{int(r.regressions)}</td>
                      <td class="num">{int(r.toolsChanged)}</td>
                      <td>{verdict(r.exitCode)}</td>
                    </tr>
                  ))}
                </Table>
                <nav class="pager" aria-label="Pages">
                  {page > 1 ? <a href={href('/replays', days, { page: page - 1 })}>← Previous</a> : <span />}
                  <span class="muted">
                    Page {page} of {pages} · {l.total} runs
                  </span>
                  {page < pages ? <a href={href('/replays', days, { page: page + 1 })}>Next →</a> : <span />}
                </nav>
              </>
            );
          }}
        </Load>
      </Panel>
    </div>
  );
}

const json = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

/** One difference: its kind, the recorded tick it came from (linked to the tick page at that call), and both results. */
function Difference({ d, days }: { d: ReplayDifference; days: number }) {
  const tickLink = d.tickId ? href(`/ticks/${encodeURIComponent(d.tickId)}`, days) + (d.callId ? `#call-${encodeURIComponent(d.callId)}` : '') : null;
  return (
    <li class={`entry call ${d.regression ? 'error' : ''}`} data-kind={d.kind} data-tick={d.tickId}>
      <header>
        <span class={`badge ${d.regression ? 'error' : ''}`}>{d.kind}</span> <a href={href(`/tools/${encodeURIComponent(d.tool)}`, days)}>{d.tool}</a>{' '}
        <small class="muted">
          {d.persona}
          {d.slot && ` · ${d.slot}`}
          {d.step !== undefined && ` · call ${d.step}`}
          {d.at && ` · ${when(d.at)}`}
        </small>{' '}
        {tickLink && <a href={tickLink}>recorded tick →</a>}
      </header>
      <p>{d.detail}</p>
      {d.arguments !== undefined && (
        <details>
          <summary>arguments</summary>
          <pre>{json(d.arguments)}</pre>
        </details>
      )}
      {d.recorded && (
        <div>
          <small class="muted">
            recorded: <span class={`badge ${d.recorded.result}`}>{d.recorded.result}</span>
            {d.recorded.handlerMs !== undefined && ` ${ms(d.recorded.handlerMs)}`}
          </small>
          <pre class={d.recorded.result === 'error' ? 'bad' : 'output'}>{d.recorded.text}</pre>
        </div>
      )}
      {d.replayed && (
        <div>
          <small class="muted">
            replayed: <span class={`badge ${d.replayed.result}`}>{d.replayed.result}</span>
            {d.replayed.handlerMs !== undefined && ` ${ms(d.replayed.handlerMs)}`}
          </small>
          <pre class={d.replayed.result === 'error' ? 'bad' : 'output'}>{d.replayed.text}</pre>
        </div>
      )}
    </li>
  );
}

function Result({ result, days }: { result: ReplayResult; days: number }) {
  const kinds = Object.keys(result.byKind) as (keyof ReplayResult['byKind'])[];
  return (
    <>
      <Panel title="Per tool" id="replay-tools" wide>
        {result.tools.length === 0 ? (
          <Empty>No calls were replayed.</Empty>
        ) : (
          <Table id="replay-tools-table" head={['Tool', ['Calls', 'num'], ['Replayed', 'num'], ['Skipped', 'num'], ...kinds.map((k): [string, 'num'] => [k, 'num']), 'Verdict']}>
            {result.tools.map((t) => (
              <tr data-tool={t.tool}>
                <td>
                  <a href={href(`/tools/${encodeURIComponent(t.tool)}`, days)}>{t.tool}</a>
                </td>
                <td class="num">{int(t.calls)}</td>
                <td class="num">{int(t.replayed)}</td>
                <td class="num">{int(t.skipped)}</td>
                {kinds.map((k) => (
                  <td class="num">{int(t.differences[k] ?? 0)}</td>
                ))}
                <td>{t.regression ? <span class="badge error">regression</span> : <span class="badge ok">ok</span>}</td>
              </tr>
            ))}
          </Table>
        )}
      </Panel>
      <Panel title="Differences" id="replay-differences" wide>
        {result.differences.length === 0 ? (
          <Empty>No differences: every replayed call behaved as recorded.</Empty>
        ) : (
          <ol class="timeline">
            {result.differences.map((d) => (
              <Difference d={d} days={days} />
            ))}
          </ol>
        )}
        {result.differencesOmitted > 0 && <p class="muted">{int(result.differencesOmitted)} more differences are counted above but not kept one by one.</p>}
      </Panel>
    </>
  );
}

/** One replay run: what was replayed against what, the verdict, the counts per tool and kind, and each difference linked to its recorded tick. */
export function ReplayPage({ id, days }: { id: string; days: number }) {
  const detail = useApi<AdminReplayDetail>(`/api/v1/admin/replays/${encodeURIComponent(id)}`);
  return (
    <Load loaded={detail}>
      {(r) => (
        <div class="grid">
          <Panel title={`Replay ${when(r.startedAt)}`} id="replay" wide>
            <p class="muted">
              {verdict(r.exitCode)} · against {r.target}
              {r.recording && ` · recording of ${int(r.recording.ticks)} ticks, ${int(r.recording.personas)} personas`}
              {r.recording?.from && r.recording.until && ` from ${when(r.recording.from)} to ${when(r.recording.until)}`} · <a href={href('/replays', days)}>all runs</a>
            </p>
            <div class="kpis">
              <Kpi label="Calls" value={int(r.calls)} hint={r.result ? `${int(r.result.totals.replayed)} replayed, ${int(r.result.totals.skipped)} skipped` : undefined} />
              <Kpi label="Differences" value={int(r.differences)} tone={r.differences ? 'warn' : 'good'} />
              <Kpi label="Regressions" value={int(r.regressions)} tone={r.regressions ? 'bad' : 'good'} />
              <Kpi label="Tools changed" value={int(r.toolsChanged)} />
            </div>
            {r.result?.notes.map((note) => (
              <p class="muted">{note}</p>
            ))}
            {!r.result && <p class="muted">The stored result is of another version than this dashboard reads: only its counts are shown.</p>}
          </Panel>
          {r.result && <Result result={r.result} days={days} />}
        </div>
      )}
    </Load>
  );
}
