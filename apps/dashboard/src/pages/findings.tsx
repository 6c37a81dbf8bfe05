import { when } from '../format';
import { href } from '../router';
import { Empty, Load, Panel } from '../ui';
import type { Loaded } from '../use-api';

/** What the report's findings API returns, read loosely: the panel shows what each finding carries. */
interface Finding {
  id?: string;
  title?: string;
  summary?: string;
  message?: string;
  severity?: string;
  module?: string | null;
  toolName?: string | null;
  status?: string;
  createdAt?: string;
  firstSeenAt?: string;
}

const listOf = (data: unknown): Finding[] =>
  Array.isArray(data) ? (data as Finding[]) : Array.isArray((data as { findings?: unknown })?.findings) ? (data as { findings: Finding[] }).findings : [];

/** Open findings of the report, first on the overview (hidden when the server has no findings API). */
export function Findings({ loaded, days }: { loaded: Loaded<unknown>; days: number }) {
  return (
    <Panel title="Open findings" id="findings" wide>
      <Load loaded={loaded}>
        {(data) => {
          const findings = listOf(data).filter((f) => !f.status || f.status === 'open');
          if (findings.length === 0) return <Empty>No open findings: the last report found nothing to act on.</Empty>;
          return (
            <ul class="findings">
              {findings.map((f) => (
                <li class={`finding ${f.severity ?? ''}`}>
                  {f.severity && <span class={`badge ${f.severity}`}>{f.severity}</span>} <b>{f.title ?? f.summary ?? f.message}</b>
                  {f.title && (f.summary ?? f.message) && <p>{f.summary ?? f.message}</p>}
                  <small class="muted">
                    {f.module && <a href={href(`/modules/${encodeURIComponent(f.module)}`, days)}>{f.module}</a>}
                    {f.toolName && (
                      <>
                        {' · '}
                        <a href={href(`/tools/${encodeURIComponent(f.toolName)}`, days)}>{f.toolName}</a>
                      </>
                    )}
                    {(f.firstSeenAt ?? f.createdAt) && ` · since ${when(f.firstSeenAt ?? f.createdAt)}`}
                  </small>
                </li>
              ))}
            </ul>
          );
        }}
      </Load>
    </Panel>
  );
}
