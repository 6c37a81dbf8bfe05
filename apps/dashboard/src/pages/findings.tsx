import type { Finding, FindingsResponse, ReportAnomaly } from '@mana/contracts';
import { int, ms, pct, rating, when } from '../format';
import { href } from '../router';
import { Empty, Load, Panel } from '../ui';
import type { Loaded } from '../use-api';

type Evidence = ReportAnomaly;

const SAW: Partial<Record<ReportAnomaly['metric'], string>> = {
  errorRate: 'saw more failed calls',
  emptyRate: 'saw more empty results',
  latency: 'saw slower calls',
  rating: 'rated it lower',
};

/** "7 of 12 personas saw more empty results", or null when the report did not count personas. */
export function personaLine(evidence: Evidence): string | null {
  const p = evidence.personas;
  const saw = SAW[evidence.metric];
  if (!p || !saw) return null;
  return `${int(p.worse)} of ${int(p.tested)} persona${p.tested === 1 ? '' : 's'} ${saw}`;
}

/** The per-call figures beside it: "55 of 93 reads empty (59.1%), before 39 of 109 (35.8%)"; null for a surface or simulator change. */
export function callLine(e: ReportAnomaly): string | null {
  const c = e.counts;
  switch (e.metric) {
    case 'errorRate':
      return `${int(c.afterErrors)} of ${int(c.after)} calls failed (${pct(e.after)}), before ${int(c.beforeErrors)} of ${int(c.before)} (${pct(e.before)})`;
    case 'emptyRate':
      return `${int(c.afterEmpty)} of ${int(c.after)} reads empty (${pct(e.after)}), before ${int(c.beforeEmpty)} of ${int(c.before)} (${pct(e.before)})`;
    case 'latency':
      return `median ${ms(e.after)} over ${int(c.after)} calls, before ${ms(e.before)} over ${int(c.before)}`;
    case 'rating':
      return `mean ${rating(e.after)} of 5 over ${int(c.after)} ratings, before ${rating(e.before)} over ${int(c.before)}`;
    default:
      return null;
  }
}

const listOf = (data: FindingsResponse | null): Finding[] => (Array.isArray(data?.findings) ? data.findings : []);

/** Open findings of the report, first on the overview: for each, how many personas it concerns and the per-call figures beside it. */
export function Findings({ loaded, days }: { loaded: Loaded<FindingsResponse>; days: number }) {
  return (
    <Panel title="Open findings" id="findings" wide>
      <Load loaded={loaded}>
        {(data) => {
          const findings = listOf(data).filter((f) => f.status === 'open');
          if (findings.length === 0) return <Empty>No open findings: the last report found nothing to act on.</Empty>;
          return (
            <ul class="findings">
              {findings.map((f) => {
                const evidence: Evidence = f.evidence;
                const personas = personaLine(evidence);
                const calls = callLine(evidence);
                return (
                  <li class="finding" data-key={f.key} title={evidence.summary}>
                    <b>{f.kind === 'tool' || f.kind === 'module' ? f.name : f.kind}</b>: {personas ? <span class="persona-count">{personas}</span> : evidence.summary}
                    {personas && calls && <p class="calls">Per call: {calls}.</p>}
                    {evidence.causedBy && <p class="muted caused-by">Moves with {evidence.causedBy}: likely its consequence.</p>}
                    {evidence.diff && <pre class="diff">{evidence.diff}</pre>}
                    <small class="muted">
                      {f.module && <a href={href(`/modules/${encodeURIComponent(f.module)}`, days)}>{f.module}</a>}
                      {f.kind === 'tool' && (
                        <>
                          {' · '}
                          <a href={href(`/tools/${encodeURIComponent(f.name)}`, days)}>{f.name}</a>
                        </>
                      )}
                      {` · since ${when(f.firstSeenAt)}`}
                      {evidence.qValue !== null && ` · q = ${evidence.qValue.toPrecision(2)}`}
                    </small>
                  </li>
                );
              })}
            </ul>
          );
        }}
      </Load>
    </Panel>
  );
}
