import { useState } from 'preact/hooks';
import { ApiError } from '../http';
import { signIn, type SessionEnd } from '../session';

/** Sign-in; a signed-in non-admin is told why the dashboard stays closed, and an ended session says so. */
export function Login({ ended }: { ended: SessionEnd }) {
  const [error, setError] = useState<string | null>(
    ended === 'expired' ? 'Your login expired or was revoked, so the dashboard signed you out: sign in again to carry on where you were.' : null,
  );
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
