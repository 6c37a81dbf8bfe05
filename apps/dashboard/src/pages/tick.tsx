import type { AdminTickFingerprint, AdminTickDetail as TickDetail, RecordCall as TickCall, RecordEntry as TickEntry } from '@mana/contracts';
import { int, ms, ratingClass, usd, when } from '../format';
import { href } from '../router';
import { useApi } from '../use-api';
import { Empty, Kpi, Load, Panel } from '../ui';

const time = (iso: string) => new Date(iso).toISOString().slice(11, 19);
const json = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

function Call({ call, days }: { call: TickCall; days: number }) {
  return (
    <li class={`entry call ${call.result}`} id={`call-${call.callId}`} data-call={call.callId}>
      <header>
        <time>{time(call.at)}</time> <a href={href(`/tools/${encodeURIComponent(call.toolName)}`, days)}>{call.toolName}</a> <small class="muted">{call.module}</small>{' '}
        <span class={`badge ${call.result}`}>{call.result}</span>
        {call.latencyMs !== undefined && <small class="muted"> {ms(call.latencyMs)}</small>}
      </header>
      <details open={call.result === 'error'}>
        <summary>arguments{call.argumentsCut && ' (cut)'}</summary>
        <pre>{json(call.arguments)}</pre>
      </details>
      {call.result === 'error' ? <pre class="bad">{call.error ?? 'error'}</pre> : call.output !== undefined && <pre class="output">{call.output}</pre>}
    </li>
  );
}

function Entry({ entry, days }: { entry: TickEntry; days: number }) {
  switch (entry.type) {
    case 'call':
      return <Call call={entry} days={days} />;
    case 'message':
      return (
        <li class={`entry message ${entry.kind}`}>
          <header>
            <time>{time(entry.at)}</time> <b>{entry.kind === 'intent' ? 'sets out to' : entry.kind === 'summary' ? 'sums up' : 'says'}</b>
          </header>
          <p>{entry.text}</p>
        </li>
      );
    case 'rating':
      return (
        <li class="entry rating-turn">
          <header>
            <time>{time(entry.at)}</time> <b>rating turn</b>
          </header>
          <pre>{entry.answer}</pre>
        </li>
      );
    case 'cut':
      return (
        <li class="entry cut">
          Record cut here: {entry.omittedEntries} more entries ({int(entry.omittedBytes)} bytes) were over the size cap.
        </li>
      );
  }
}

/** What played the tick: driver, model, prompts, policy and the MCP surface the persona saw (the report compares like with like by it). */
function Simulator({ fingerprint: f }: { fingerprint: AdminTickFingerprint }) {
  if (f.simulatorKey === null && f.surfaceHash === null) return <p class="muted">No simulator fingerprint: the runner that completed this tick did not send one.</p>;
  const value = (v: string | null) => (v === null ? '–' : <code>{v}</code>);
  return (
    <p class="simulator">
      driver {value(f.driver)} · model {value(f.model)} · prompts {value(f.promptHash)} · policy {value(f.policyVersion)} · key {value(f.simulatorKey)} · surface{' '}
      {value(f.surfaceHash)}
      {f.surfaceTools !== null && ` (${f.surfaceTools} tools)`}
    </p>
  );
}

/** The day's record of one tick as a timeline, and its ratings linked to the calls that ground them. */
export function TickPage({ id, days }: { id: string; days: number }) {
  const detail = useApi<TickDetail>(`/api/v1/admin/ticks/${encodeURIComponent(id)}`);
  return (
    <Load loaded={detail}>
      {(d) => {
        const calls: TickCall[] =
          d.record?.entries.filter((e): e is TickCall => e.type === 'call') ??
          d.actions.map((a) => ({
            type: 'call',
            at: a.calledAt,
            callId: a.callId,
            toolName: a.toolName,
            module: a.module,
            arguments: '(not recorded)',
            result: a.result,
            ...(a.errorMessage ? { error: a.errorMessage } : {}),
            ...(a.latencyMs !== null ? { latencyMs: a.latencyMs } : {}),
          }));
        const byCall = new Map(calls.map((c) => [c.callId, c]));
        return (
          <div class="grid">
            <Panel title={`Tick ${d.tick.slot}`} id="tick" wide>
              <p class="muted">
                <a href={href(`/personas/${encodeURIComponent(d.persona.userId)}`, days)}>{d.persona.name}</a> · {d.persona.archetype} ·{' '}
                <span class={`badge ${d.tick.status}`}>{d.tick.status}</span> · {d.tick.driver ?? '–'} {d.tick.model ?? ''}
                {d.record && ` · ended: ${d.record.termination}`}
              </p>
              {d.tick.error && <p class="load-error">{d.tick.error}</p>}
              {d.tick.recordError && <p class="muted">Record: {d.tick.recordError}</p>}
              <div class="kpis">
                <Kpi label="Calls" value={int(d.actions.length)} hint={`${d.actions.filter((a) => a.result === 'error').length} errors`} />
                <Kpi label="Tokens" value={int(d.tick.inputTokens + d.tick.outputTokens)} />
                <Kpi label="Cost" value={usd(d.tick.costUsd)} />
                <Kpi label="Started" value={when(d.tick.startedAt)} hint={d.tick.finishedAt ? `finished ${when(d.tick.finishedAt)}` : undefined} />
              </div>
            </Panel>
            <Panel title="Simulator" id="tick-simulator" wide>
              <Simulator fingerprint={d.tick.fingerprint} />
            </Panel>
            <Panel title="Ratings" id="tick-ratings" wide>
              {d.feedback.length === 0 ? (
                <Empty>No ratings for this tick.</Empty>
              ) : (
                <ul class="ratings">
                  {d.feedback.map((f) => (
                    <li data-module={f.module}>
                      <b class={ratingClass(f.rating)}>{f.status === 'rated' ? `${f.rating}/5` : 'unparsed'}</b>{' '}
                      <a href={href(`/modules/${encodeURIComponent(f.module)}`, days)}>{f.module}</a>
                      {f.notes && <q>{f.notes}</q>}
                      {f.callIds.length > 0 && (
                        <small class="grounds">
                          grounded by{' '}
                          {f.callIds.map((callId) => (
                            <a class="ground" href={`#call-${callId}`}>
                              {byCall.get(callId)?.toolName ?? callId}
                            </a>
                          ))}
                        </small>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </Panel>
            <Panel title="The day" id="timeline" wide>
              {!d.record && (
                <p class="muted">
                  No record kept for this tick (removed after PERSONA_RECORD_RETENTION_DAYS, or written before records existed): the calls below come from its action rows, without
                  arguments or results.
                </p>
              )}
              {calls.length === 0 && !d.record ? (
                <Empty>No calls in this tick.</Empty>
              ) : (
                <ol class="timeline">{d.record ? d.record.entries.map((entry) => <Entry entry={entry} days={days} />) : calls.map((call) => <Call call={call} days={days} />)}</ol>
              )}
            </Panel>
          </div>
        );
      }}
    </Load>
  );
}
