import type { BetterAuthPlugin } from 'better-auth';
import { APIError, createAuthMiddleware, isAPIError } from 'better-auth/api';
import { CLIENT_ADDRESS_HEADER } from '../http/better-auth-request';
import { secondsToWait, tooManyFailures, type LoginAttempt, type LoginThrottle } from './login-throttle';

/** Who an endpoint tries: the account its body names (`email`) or the signed-in user. */
type AccountFrom = 'body' | 'session';

/** One of Better Auth's endpoints that takes a password from the client. */
interface PasswordEndpoint {
  account: AccountFrom;
  /** Better Auth's answer to a wrong password (status and code); absent where no password is compared. */
  wrong?: { status: number; code: string };
}

const INVALID_PASSWORD = { status: 400, code: 'INVALID_PASSWORD' } as const;

/**
 * Better Auth's HTTP endpoints (paths under `/api/auth`) that take a password
 * from the client. Those with `wrong` compare it: a wrong one counts as a
 * failed login, a right one clears the account's counts. Sign-up only hashes a
 * new one: it waits like a login while the address or e-mail must wait, and
 * is not counted here (`limitSignUps` counts every sign-up). Better Auth's own
 * rate limiter leaves these paths to us (auth.ts).
 */
export const PASSWORD_ENDPOINTS: Readonly<Record<string, PasswordEndpoint>> = {
  '/sign-in/email': { account: 'body', wrong: { status: 401, code: 'INVALID_EMAIL_OR_PASSWORD' } },
  '/sign-up/email': { account: 'body' },
  '/change-password': { account: 'session', wrong: INVALID_PASSWORD },
  '/verify-password': { account: 'session', wrong: INVALID_PASSWORD },
  '/delete-user': { account: 'session', wrong: INVALID_PASSWORD },
};

/** Better Auth's error code of the refusal (our answer's `details.authCode`). */
export const TOO_MANY_FAILED_LOGINS = 'TOO_MANY_FAILED_LOGINS';

/** The e-mail of the session the request's headers carry (cookie or `Bearer`), if any. */
export type SessionEmail = (headers: Headers) => Promise<string | undefined>;

/**
 * A Better Auth plugin that puts the login throttle in front of every
 * password Better Auth checks for a client, so `/api/auth/sign-in/email` and
 * `/api/v1/auth/login` spend one budget. Its hooks run on the endpoint Better
 * Auth routed to and the body it parsed (JSON or form), so no spelling of
 * the path or the body gets past. The address is `CLIENT_ADDRESS_HEADER`,
 * which the mount sets (http/better-auth-request.ts). Calls through
 * `auth.api` without a request (our login route, which throttles itself) pass.
 */
export function passwordThrottle(throttle: LoginThrottle, sessionEmail: SessionEmail) {
  const attempts = new WeakMap<Request, LoginAttempt>();
  const endpointOf = (ctx: { path?: string; request?: Request }) => (ctx.request && ctx.path ? PASSWORD_ENDPOINTS[ctx.path] : undefined);
  return {
    id: 'mana-password-throttle',
    hooks: {
      before: [
        {
          matcher: (ctx) => endpointOf(ctx) !== undefined,
          handler: createAuthMiddleware(async (ctx) => {
            const endpoint = endpointOf(ctx);
            const request = ctx.request;
            if (!endpoint || !request) return;
            const email = endpoint.account === 'body' ? bodyEmail(ctx.body) : await sessionEmail(request.headers);
            const attempt = { email, client: request.headers.get(CLIENT_ADDRESS_HEADER) ?? undefined };
            const retryAfterSeconds = secondsToWait(throttle, attempt);
            if (retryAfterSeconds > 0) {
              throw new APIError('TOO_MANY_REQUESTS', { message: tooManyFailures(retryAfterSeconds), code: TOO_MANY_FAILED_LOGINS }, { 'retry-after': String(retryAfterSeconds) });
            }
            attempts.set(request, attempt);
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => endpointOf(ctx)?.wrong !== undefined,
          handler: createAuthMiddleware(async (ctx) => {
            const wrong = endpointOf(ctx)?.wrong;
            const attempt = ctx.request && attempts.get(ctx.request);
            if (!wrong || !attempt) return;
            const returned = ctx.context.returned;
            if (!isAPIError(returned)) throttle.succeeded(attempt);
            else if (returned.statusCode === wrong.status && returned.body?.code === wrong.code) throttle.failed(attempt);
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}

function bodyEmail(body: unknown): string | undefined {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email : undefined;
}
