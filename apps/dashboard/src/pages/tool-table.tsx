import type { ToolSummary } from '@mana/contracts';
import { change, int, ms, pct, when } from '../format';
import { href } from '../router';
import { Table } from '../ui';

function Delta({ now, before, kind }: { now: number | null; before: number | null; kind: 'rate' | 'relative' }) {
  const c = change(now, before, kind);
  return c ? <small class={c.worse ? 'delta bad' : 'delta good'}>{c.text}</small> : <small class="delta muted">new</small>;
}

/** Tools with their figures and the change against the previous period of the same length. */
export function ToolTable({ tools, days, id }: { tools: ToolSummary[]; days: number; id?: string }) {
  return (
    <Table id={id} head={['Tool', ['Calls', 'num'], ['Error rate', 'num'], ['p50', 'num'], ['p95', 'num'], 'Last error']}>
      {tools.map((t) => (
        <tr data-tool={t.toolName}>
          <td>
            <a href={href(`/tools/${encodeURIComponent(t.toolName)}`, days)}>{t.toolName}</a>
            <small class="muted"> {t.module}</small>
          </td>
          <td class="num">
            {int(t.calls)} <Delta now={t.calls} before={t.previous.calls} kind="relative" />
          </td>
          <td class={t.errors ? 'num bad' : 'num'}>
            {pct(t.errorRate)} <Delta now={t.errorRate} before={t.previous.errorRate} kind="rate" />
          </td>
          <td class="num">{ms(t.p50LatencyMs)}</td>
          <td class="num">
            {ms(t.p95LatencyMs)} <Delta now={t.p95LatencyMs} before={t.previous.p95LatencyMs} kind="relative" />
          </td>
          <td class="last-error">
            {t.lastErrors[0] ? (
              <a href={href(`/ticks/${encodeURIComponent(t.lastErrors[0].tickId)}`, days)} title={when(t.lastErrors[0].createdAt)}>
                {t.lastErrors[0].message ?? 'error'}
              </a>
            ) : (
              <span class="muted">–</span>
            )}
          </td>
        </tr>
      ))}
    </Table>
  );
}
