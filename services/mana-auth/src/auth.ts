import { eq } from 'drizzle-orm';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError } from 'better-auth/api';
import { hashPassword, verifyPassword } from 'better-auth/crypto';
import { admin, bearer, jwt, organization } from 'better-auth/plugins';
import type { JwtOptions } from 'better-auth/plugins/jwt';
import { isStorableText, JWT_AUDIENCE, STORABLE_TEXT_MESSAGE, userKindSchema } from '@mana/contracts';
import { users } from '@mana/db';
import type { AuthDeps } from './deps';
import { CLIENT_ADDRESS_HEADER } from './http/better-auth-request';
import { betterAuthTrustedOrigins } from './http/trusted-origins';
import { ensurePersonalSpace } from './spaces/personal-space';
import { spaceHooks } from './spaces/space-hooks';
import { createTransactionScope } from './spaces/transaction-scope';
import type { LoginThrottle } from './session/login-throttle';
import { PasswordGateFull, type PasswordGate } from './session/password-gate';
import { PASSWORD_ENDPOINTS, passwordThrottle } from './session/password-throttle';
import { hashPersonaPassword, isPersonaPasswordHash, verifyPersonaPassword, type PersonaPasswords } from './session/persona-password-hash';

/** Longest display name a user may have (a persona's name has the same cap). */
export const MAX_DISPLAY_NAME = 100;

/** Refuses a display name that is empty (or only spaces), too long, or that PostgreSQL cannot store (400 from sign-up and update). */
function checkDisplayName(name: unknown): void {
  if (typeof name !== 'string') return;
  if (name.trim() === '') throw new APIError('BAD_REQUEST', { message: 'name must not be empty' });
  if (name.length > MAX_DISPLAY_NAME) throw new APIError('BAD_REQUEST', { message: `name must be at most ${MAX_DISPLAY_NAME} characters` });
  if (!isStorableText(name)) throw new APIError('BAD_REQUEST', { message: `name ${STORABLE_TEXT_MESSAGE}` });
}

/**
 * Runs one password hash through the gate; a full queue becomes Better Auth's
 * 503 with `Retry-After` (our login route maps it to UNAVAILABLE).
 */
async function gated<T>(gate: PasswordGate, work: () => Promise<T>): Promise<T> {
  try {
    return await gate.run(work);
  } catch (error) {
    if (!(error instanceof PasswordGateFull)) throw error;
    throw new APIError(
      'SERVICE_UNAVAILABLE',
      { message: error.message, code: 'PASSWORD_QUEUE_FULL', retryAfterSeconds: error.retryAfterSeconds },
      { 'retry-after': String(error.retryAfterSeconds) },
    );
  }
}

/**
 * Options of Better Auth's JWT plugin: the plugin and the access-token signer
 * (session/signing-key.ts) sign with the same keys and claims.
 */
export function jwtOptions(config: Pick<AuthDeps['config'], 'baseUrl' | 'jwtTtlSeconds'>) {
  return {
    // `usePlural` appends "s" to every model name; "jwk" + "s" is our `jwks` table.
    schema: { jwks: { modelName: 'jwk' } },
    jwks: { jwksPath: '/jwks' },
    jwt: {
      issuer: config.baseUrl,
      audience: JWT_AUDIENCE,
      expirationTime: `${config.jwtTtlSeconds}s`,
      definePayload: ({ user }) => ({ email: user.email, kind: (user as { kind?: string }).kind ?? 'human' }),
    },
  } satisfies JwtOptions;
}

/** Where Better Auth's own routes live (`/api/auth/sign-up/email`, `/api/auth/jwks`, ...). */
export const AUTH_BASE_PATH = '/api/auth';

/**
 * Builds the Better Auth instance of mana-auth: e-mail + password, spaces as
 * organizations, short-lived JWTs (audience `mana`) with a JWKS, bearer
 * sessions and the admin role, on the `@mana/db` schema.
 *
 * Every user gets a personal space in the transaction that links its first
 * account (sign-up inserts user and credential account in one Better Auth
 * transaction; `account.create.before` runs inside it after the user row
 * exists). `user.create.after` would be too late: Better Auth queues "after"
 * hooks until the transaction has committed.
 *
 * Every password Better Auth checks for a client waits on `loginThrottle`, the
 * one our login route counts with (session/password-throttle.ts).
 */
export function createAuth(deps: Pick<AuthDeps, 'config' | 'database' | 'log'>, passwords: PasswordGate, personaPasswords: PersonaPasswords, loginThrottle: LoginThrottle) {
  const { config, database, log } = deps;
  const scope = createTransactionScope(database.db);
  const authLog = log.child({ component: 'better-auth' });
  // Called by the throttle during requests, once `auth` exists.
  const sessionEmail = async (headers: Headers): Promise<string | undefined> => (await auth.api.getSession({ headers, query: { disableRefresh: true } }))?.user.email;

  const auth = betterAuth({
    appName: 'Mana',
    baseURL: config.baseUrl,
    basePath: AUTH_BASE_PATH,
    secret: config.authSecret,
    trustedOrigins: betterAuthTrustedOrigins(config),
    advanced: {
      // The address mana-auth counts (AUTH_CLIENT_IP_HEADER or the socket), set by the mount; never the client's X-Forwarded-For.
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
      // Better Auth skips its origin check under NODE_ENV=test; `originCheck` turns it on there too.
      ...(config.originCheck ? { disableOriginCheck: false } : {}),
    },
    // Better Auth's limiter (production) counts per address on the rest of its API; password endpoints have
    // our throttle and sign-up `limitSignUps` instead of a second, different rule.
    rateLimit: {
      enabled: config.env === 'production',
      customRules: Object.fromEntries(Object.keys(PASSWORD_ENDPOINTS).map((path) => [path, false as const])),
    },
    telemetry: { enabled: false },
    logger: {
      level: 'warn',
      log: (level, message) => authLog[level](message),
    },
    onAPIError: {
      // Route Better Auth's error reports to our logger (its default prints to the console).
      onError: (error) => {
        const status = error instanceof APIError ? error.statusCode : 500;
        authLog[status >= 500 ? 'error' : 'debug']('better-auth api error', { status, error: String(error) });
      },
    },
    database: drizzleAdapter(scope.db, { provider: 'pg', usePlural: true, transaction: true }),
    // A login keeps its session as the refresh token (session/refresh.ts): same lifetime here.
    session: { expiresIn: config.refreshTtlSeconds },
    emailAndPassword: {
      enabled: true,
      disableSignUp: config.disableSignUp,
      maxPasswordLength: 256,
      // A password mana-auth derived for a persona is a machine secret: one salted HMAC-SHA256, no scrypt and no gate
      // (session/persona-password-hash.ts). Every other password is scrypt, through the gate.
      password: {
        hash: async (password) => (personaPasswords.isDerived(password) ? hashPersonaPassword(password, config.authSecret) : gated(passwords, () => hashPassword(password))),
        verify: async (data) =>
          isPersonaPasswordHash(data.hash) ? verifyPersonaPassword(data.hash, data.password, config.authSecret) : gated(passwords, () => verifyPassword(data)),
      },
    },
    user: {
      additionalFields: {
        /**
         * The contract's user kinds (human / persona / system). `input: false` without a default: a
         * sign-up or update body that sets it is refused (400); the column defaults to human.
         */
        kind: { type: [...userKindSchema.options], input: false, required: false },
      },
    },
    databaseHooks: {
      user: {
        create: { before: async (user) => checkDisplayName(user.name) },
        update: { before: async (user) => checkDisplayName(user.name) },
      },
      account: {
        create: {
          before: async (account) => {
            const db = scope.current() ?? database.db;
            const [owner] = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, account.userId)).limit(1);
            if (owner) await ensurePersonalSpace(db, owner);
          },
        },
      },
    },
    plugins: [
      organization({
        schema: {
          organization: { additionalFields: { personalOwnerId: { type: 'string', input: false, required: false } } },
        },
        organizationHooks: spaceHooks(() => scope.current() ?? database.db),
      }),
      jwt(jwtOptions(config)),
      bearer(),
      admin({ adminRoles: ['admin'], defaultRole: 'user' }),
      passwordThrottle(loginThrottle, sessionEmail),
    ],
  });
  return auth;
}

/** The Better Auth instance type of mana-auth (with its plugins' API). */
export type ManaAuth = ReturnType<typeof createAuth>;
