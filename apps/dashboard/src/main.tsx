import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Login } from './pages/login';
import { ModulePage, Modules } from './pages/modules';
import { Overview } from './pages/overview';
import { PersonaPage } from './pages/persona';
import { Personas } from './pages/personas';
import { ReplayPage, Replays } from './pages/replays';
import { TickPage } from './pages/tick';
import { ToolPage, Tools } from './pages/tools';
import { follow, href, navigate, useLocation, WINDOWS, type Location } from './router';
import { getSession, onSession, sessionEnd, signOut, type Session, type SessionEnd } from './session';
import './styles.css';

/** The current session and, without one, why it ended (the session module renews the JWT before it expires). */
function useSession(): { session: Session | null; ended: SessionEnd } {
  const [state, setState] = useState({ session: getSession(), ended: sessionEnd() });
  useEffect(() => onSession((session, ended) => setState({ session, ended })), []);
  return state;
}

function Page({ loc }: { loc: Location }) {
  const parts = loc.path.split('/').filter(Boolean).map(decodeURIComponent);
  const days = loc.days;
  const [section, id] = parts;
  if (!section) return <Overview days={days} />;
  if (section === 'modules') return id ? <ModulePage module={id} days={days} /> : <Modules days={days} />;
  if (section === 'tools') return id ? <ToolPage name={id} days={days} /> : <Tools days={days} />;
  if (section === 'personas') return id ? <PersonaPage id={id} days={days} /> : <Personas days={days} query={loc.query} />;
  if (section === 'ticks' && id) return <TickPage id={id} days={days} />;
  if (section === 'replays') return id ? <ReplayPage id={id} days={days} /> : <Replays days={days} query={loc.query} />;
  return (
    <p class="empty">
      No page at {location.pathname}. <a href={href('/', days)}>Go to the overview</a>.
    </p>
  );
}

const NAV: [string, string][] = [
  ['/', 'Overview'],
  ['/modules', 'Modules'],
  ['/tools', 'Tools'],
  ['/personas', 'Personas'],
  ['/replays', 'Replays'],
];

function App() {
  const loc = useLocation();
  const { session, ended } = useSession();
  if (!session) return <Login ended={ended} />;
  const section = `/${loc.path.split('/')[1] ?? ''}`;
  const setDays = (days: string) => {
    const query = new URLSearchParams(location.search);
    if (days === '7') query.delete('days');
    else query.set('days', days);
    navigate(`${location.pathname}${query.size ? `?${query}` : ''}`);
  };
  return (
    // biome-ignore lint/a11y: the shell routes the clicks of the links inside it (delegation); links are focusable and Enter fires click
    <div class="shell" onClick={(e) => follow(e as unknown as MouseEvent)}>
      <header class="top">
        <a class="brand" href={href('/', loc.days)}>
          Mana Personas
        </a>
        <nav aria-label="Pages">
          {NAV.map(([path, label]) => (
            <a href={href(path, loc.days)} aria-current={section === path ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <div class="tools">
          <label>
            <span class="sr-only">Window</span>
            <select id="window" value={String(loc.days)} onChange={(e) => setDays((e.target as HTMLSelectElement).value)}>
              {WINDOWS.map((d) => (
                <option value={d}>{d} days</option>
              ))}
            </select>
          </label>
          <button type="button" id="sign-out" title={session.email} onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="page" data-path={loc.path}>
        <Page loc={loc} />
      </main>
    </div>
  );
}

render(<App />, document.getElementById('root')!);
