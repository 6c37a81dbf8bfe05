import type { ToolSummary } from '@mana/contracts';
import { change, int, ms, pct, when } from '../format';
import { href } from '../router';
import { Table } from '../ui';

type Metric = ToolSummary['flagged'][number];

/**
 * The change against the previous period. Only a metric the report flags is
 * shown as worse (red, with an arrow); every other change is plain text, so
 * that noise does not look like news.
 */
export function Delta({ now, before, kind, flagged }: { now: number | null; before: number | null; kind: 'rate' | 'relative'; flagged?: boolean }) {
  const c = change(now, before, kind);
  if (!c) return <small class="delta muted">–</small>;
  if (flagged) return <small class="delta bad flagged" title="The report flags this change">{`${c.up ? '▲' : '▼'} ${c.text} · flagged`}</small>;
  return <small class="delta plain">{c.text}</small>;
}

/** "app 1.2 ms · client 38 ms": the figure the report judges, the client's beside it. */
export function Latency({ value, client, source }: { value: number | null; client: number | null; source: ToolSummary['latencySource'] }) {
  return source === 'handler' ? (
    <>
      <span title="The app's handler time, as the report judges it">app {ms(value)}</span>
      <small class="muted source" title="Measured by the runner around the call: network, queueing and the simulation's own load included">
        client {ms(client)}
      </small>
    </>
  ) : (
    <>
      <span>{ms(value)}</span>
      <small class="muted source">client (no app time reported)</small>
    </>
  );
}

/** "2 of 22": the counts behind a share. */
const Counts = ({ part, whole }: { part: number; whole: number }) => <small class="muted counts">{`${int(part)} of ${int(whole)}`}</small>;

/**
 * Tools with their figures and the change against the previous period of the
 * same length; red only where the report for the same window flags the metric.
 */
export function ToolTable({ tools, days, id }: { tools: ToolSummary[]; days: number; id?: string }) {
  return (
    <Table id={id} head={['Tool', ['Calls', 'num'], ['Error rate', 'num'], ['Empty reads', 'num'], ['p50', 'num'], ['p95', 'num'], 'Last error']}>
      {tools.map((t) => {
        const flagged = (metric: Metric) => t.flagged.includes(metric);
        return (
          <tr data-tool={t.toolName} data-flagged={t.flagged.join(' ')}>
            <td>
              <a href={href(`/tools/${encodeURIComponent(t.toolName)}`, days)}>{t.toolName}</a>
              <small class="muted"> {t.module}</small>
            </td>
            <td class="num">
              {int(t.calls)} <Delta now={t.calls} before={t.previous.calls} kind="relative" />
            </td>
            <td class={flagged('errorRate') ? 'num bad' : 'num'}>
              {pct(t.errorRate)} <Counts part={t.errors} whole={t.calls} />
              <Delta now={t.errorRate} before={t.previous.errorRate} kind="rate" flagged={flagged('errorRate')} />
            </td>
            <td class={flagged('emptyRate') ? 'num bad' : 'num'}>
              {pct(t.emptyRate)} {t.reads > 0 && <Counts part={t.empties} whole={t.reads} />}
              <Delta now={t.emptyRate} before={t.previous.emptyRate} kind="rate" flagged={flagged('emptyRate')} />
            </td>
            <td class={flagged('latency') ? 'num bad' : 'num'}>
              <Latency value={t.p50LatencyMs} client={t.p50ClientMs} source={t.latencySource} />
              <Delta now={t.p50LatencyMs} before={t.previous.p50LatencyMs} kind="relative" flagged={flagged('latency')} />
            </td>
            <td class="num">
              <Latency value={t.p95LatencyMs} client={t.p95ClientMs} source={t.latencySource} />
              <Delta now={t.p95LatencyMs} before={t.previous.p95LatencyMs} kind="relative" />
            </td>
            <td class={flagged('errorRate') ? 'last-error flagged' : 'last-error'}>
              {t.lastErrors[0] ? (
                <a href={href(`/ticks/${encodeURIComponent(t.lastErrors[0].tickId)}`, days)} title={when(t.lastErrors[0].createdAt)}>
                  {t.lastErrors[0].message ?? 'error'}
                </a>
              ) : (
                <span class="muted">–</span>
              )}
            </td>
          </tr>
        );
      })}
    </Table>
  );
}
