import { useState } from 'preact/hooks';
import { ApiError, signIn } from '../api';

/** Sign-in; a signed-in non-admin is told why the dashboard stays closed. */
export function Login({ expired }: { expired: boolean }) {
  const [error, setError] = useState<string | null>(expired ? 'Your session ended; sign in again.' : null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const email = String(form.get('email'));
    setBusy(true);
    setError(null);
    try {
      await signIn(email, String(form.get('password')));
    } catch (e) {
      const err = e as Error;
      if (err instanceof ApiError && err.status === 403) {
        setError(
          `${email} is signed in, but it is not an admin: the dashboard shows every persona's data, so it needs the admin role. ` +
            'Sign in with an admin account (development prints one at `npm start`; create one with `npm run admin:create -- --email you@example.com`).',
        );
      } else setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="login" id="login" onSubmit={submit}>
      <h1>Mana Personas</h1>
      <p class="muted">Admin sign-in</p>
      <label>
        E-mail
        <input id="email" name="email" type="email" autocomplete="username" required />
      </label>
      <label>
        Password
        <input id="password" name="password" type="password" autocomplete="current-password" required />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      <div class="error" id="login-error" role="alert">
        {error}
      </div>
    </form>
  );
}
