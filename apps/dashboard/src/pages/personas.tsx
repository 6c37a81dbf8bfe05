import type { AdminPersonaListResponse } from '@mana/contracts';
import { useEffect, useState } from 'preact/hooks';
import { int, rating, ratingClass, when } from '../format';
import { href, navigate } from '../router';
import { useApi } from '../use-api';
import { Empty, Load, NO_PERSONAS, Panel, Table } from '../ui';

const PAGE = 25;

/** Personas, searchable (name, e-mail, archetype) and paged; the search and page are in the URL. */
export function Personas({ days, query }: { days: number; query: URLSearchParams }) {
  const q = query.get('q') ?? '';
  const page = Math.max(1, Number(query.get('page')) || 1);
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  useEffect(() => {
    if (text === q) return;
    const timer = setTimeout(() => navigate(href('/personas', days, { q: text.trim() }), true), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const list = useApi<AdminPersonaListResponse>(`/api/v1/admin/personas?limit=${PAGE}&offset=${(page - 1) * PAGE}${q ? `&q=${encodeURIComponent(q)}` : ''}`);
  return (
    <div class="grid">
      <Panel title="Personas" id="personas" wide>
        <input
          class="search"
          id="persona-search"
          type="search"
          placeholder="Search name, e-mail or archetype"
          value={text}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
        />
        <Load loaded={list}>
          {(l) => {
            if (l.total === 0 && !q) return <Empty>{NO_PERSONAS}</Empty>;
            if (l.total === 0) return <Empty>No persona matches “{q}”.</Empty>;
            const pages = Math.ceil(l.total / PAGE);
            return (
              <>
                <Table id="personas-table" head={['Persona', 'Cadence', 'Time zone', 'Last tick', ['Rating 7d', 'num'], ['Ratings 7d', 'num'], ['Calls 7d', 'num']]}>
                  {l.personas.map((p) => (
                    <tr data-id={p.userId}>
                      <td>
                        <a href={href(`/personas/${encodeURIComponent(p.userId)}`, days)}>{p.name}</a>
                        <small class="muted"> {p.archetype}</small>
                      </td>
                      <td>{p.tickCadence}</td>
                      <td>{p.timeZone}</td>
                      <td>
                        {when(p.lastActiveAt)} {p.lastTickStatus && <span class={`badge ${p.lastTickStatus}`}>{p.lastTickStatus}</span>}
                      </td>
                      <td class={`num ${ratingClass(p.averageRating7d)}`}>{rating(p.averageRating7d)}</td>
                      <td class="num">{int(p.ratings7d)}</td>
                      <td class="num">{int(p.actions7d)}</td>
                    </tr>
                  ))}
                </Table>
                <nav class="pager" aria-label="Pages">
                  {page > 1 ? <a href={href('/personas', days, { q, page: page - 1 })}>← Previous</a> : <span />}
                  <span class="muted">
                    Page {page} of {pages} · {l.total} personas
                  </span>
                  {page < pages ? <a href={href('/personas', days, { q, page: page + 1 })}>Next →</a> : <span />}
                </nav>
              </>
            );
          }}
        </Load>
      </Panel>
    </div>
  );
}
