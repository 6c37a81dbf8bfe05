import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { getSession, onSession, refresh, setSession, type Session } from './api';
import { Login } from './pages/login';
import { ModulePage, Modules } from './pages/modules';
import { Overview } from './pages/overview';
import { PersonaPage } from './pages/persona';
import { Personas } from './pages/personas';
import { TickPage } from './pages/tick';
import { ToolPage, Tools } from './pages/tools';
import { follow, href, navigate, useLocation, WINDOWS, type Location } from './router';
import './styles.css';

const REFRESH_BEFORE_MS = 60_000;

/** Keeps the session alive: refreshes a minute before the JWT expires when the server gave a refresh token, else ends it at expiry. */
function useSession(): { session: Session | null; expired: boolean } {
  const [session, setState] = useState(getSession);
  const [expired, setExpired] = useState(false);
  useEffect(() => onSession((next) => setState(next)), []);
  useEffect(() => {
    if (!session) return;
    const left = new Date(session.expiresAt).getTime() - Date.now();
    const timer = setTimeout(
      () => {
        if (session.refreshToken) {
          refresh(session).catch(() => {
            setExpired(true);
            setSession(null);
          });
        } else {
          setExpired(true);
          setSession(null);
        }
      },
      session.refreshToken ? Math.max(0, left - REFRESH_BEFORE_MS) : Math.max(0, left),
    );
    return () => clearTimeout(timer);
  }, [session]);
  return { session, expired };
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
];

function App() {
  const loc = useLocation();
  const { session, expired } = useSession();
  if (!session) return <Login expired={expired} />;
  const section = `/${loc.path.split('/')[1] ?? ''}`;
  const setDays = (days: string) => {
    const query = new URLSearchParams(location.search);
    if (days === '7') query.delete('days');
    else query.set('days', days);
    navigate(`${location.pathname}${query.size ? `?${query}` : ''}`);
  };
  return (
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
          <button type="button" id="sign-out" title={session.email} onClick={() => setSession(null)}>
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
