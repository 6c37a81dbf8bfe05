import { useEffect, useState } from 'preact/hooks';

/** Every page lives under `/admin`; the window is `?days=` and travels with every link. */
export const BASE = '/admin';
export const WINDOWS = [7, 30, 90] as const;
const listeners = new Set<() => void>();

export interface Location {
  path: string;
  query: URLSearchParams;
  days: number;
}

function here(): Location {
  const path = location.pathname.replace(/\/+$/, '').slice(BASE.length) || '/';
  const query = new URLSearchParams(location.search);
  const days = Number(query.get('days'));
  return { path, query, days: WINDOWS.includes(days as 7) ? days : 7 };
}

/** The current location; re-renders on navigation and on the back button. */
export function useLocation(): Location {
  const [loc, setLoc] = useState(here);
  useEffect(() => {
    const update = () => setLoc(here());
    listeners.add(update);
    addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      removeEventListener('popstate', update);
    };
  }, []);
  return loc;
}

/** Goes to an `/admin` URL (a history entry, so back works). */
export function navigate(url: string, replace = false): void {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  scrollTo(0, 0);
  for (const listener of listeners) listener();
}

/** An `/admin` URL for a page path, keeping the window (and extra query). */
export function href(path: string, days: number, extra: Record<string, string | number | undefined> = {}): string {
  const query = new URLSearchParams();
  if (days !== 7) query.set('days', String(days));
  for (const [key, value] of Object.entries(extra)) if (value !== undefined && value !== '') query.set(key, String(value));
  const qs = query.toString();
  return `${BASE}${path === '/' ? '' : path}${qs ? `?${qs}` : ''}`;
}

/** Click handler for in-app links: history navigation instead of a page load (modifier clicks open tabs as usual). */
export function follow(event: MouseEvent): void {
  const anchor = (event.target as Element).closest('a');
  if (!anchor || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith(BASE) || anchor.target) return;
  if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
}
