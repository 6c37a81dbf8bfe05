import type { ComponentChildren } from 'preact';
import type { Loaded } from './use-api';

/** A titled card; `id` names it for links and tests. */
export function Panel({ title, id, children, wide }: { title: string; id?: string; children: ComponentChildren; wide?: boolean }) {
  return (
    <section class={wide ? 'panel wide' : 'panel'} id={id} aria-labelledby={id ? `${id}-title` : undefined}>
      <h2 id={id ? `${id}-title` : undefined}>{title}</h2>
      {children}
    </section>
  );
}

/** Renders `children(data)` once loaded; shows loading, and load errors in words (never only in the console). */
export function Load<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ComponentChildren }) {
  if (loaded.state === 'loading') return <p class="muted loading">Loading…</p>;
  if (loaded.state === 'error') {
    return (
      <p class="load-error" role="alert">
        Could not load: {loaded.error.message}
      </p>
    );
  }
  return <>{children(loaded.data)}</>;
}

/** What to do when there is nothing to show. */
export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

export function Kpi({ label, value, hint, tone }: { label: string; value: string; hint?: string; tone?: string }) {
  return (
    <div class={`kpi ${tone ?? ''}`}>
      <span>{label}</span>
      <b>{value}</b>
      {hint && <small>{hint}</small>}
    </div>
  );
}

/** A table that scrolls sideways on a phone instead of squeezing its columns. */
export function Table({ head, children, id }: { head: (string | [string, 'num'])[]; children: ComponentChildren; id?: string }) {
  return (
    <div class="table-wrap">
      <table id={id}>
        <thead>
          <tr>{head.map((h) => (Array.isArray(h) ? <th class="num">{h[0]}</th> : <th>{h}</th>))}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** The empty state of the whole system: what a newcomer should run. */
export const NO_TICKS = (
  <>
    No ticks in this window yet: the runner is paused or has not reached a due persona. Start it with <code>npm start</code> (or run one tick with <code>POST /diag/tick</code> on
    the runner).
  </>
);
export const NO_PERSONAS = (
  <>
    No personas: run <code>npm run seed:personas</code>.
  </>
);
