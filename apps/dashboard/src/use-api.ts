import { useEffect, useState } from 'preact/hooks';
import { api } from './api';
import type { ApiError } from './http';

/** What a panel shows while its data loads, after it failed, or with it. */
export type Loaded<T> = { state: 'loading' } | { state: 'error'; error: ApiError | Error } | { state: 'ok'; data: T };

/** Loads an admin API path (again whenever the path changes); errors are kept for the panel to show. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    if (!path) return;
    const abort = new AbortController();
    setLoaded({ state: 'loading' });
    api<T>(path, abort.signal).then(
      (data) => setLoaded({ state: 'ok', data }),
      (error: Error) => {
        if (!abort.signal.aborted) setLoaded({ state: 'error', error });
      },
    );
    return () => abort.abort();
  }, [path]);
  return loaded;
}
