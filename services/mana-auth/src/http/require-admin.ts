import { eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { AppError } from '@mana/core';
import type { UserKind } from '@mana/contracts';
import { users } from '@mana/db';
import type { AuthContext } from '../deps';

/** The authenticated admin, set on the Hono context as `adminUser`. */
export interface AdminUser {
  id: string;
  email: string;
  kind: UserKind;
  role: string;
}

/** Hono variables provided by `requireAdmin`. */
export interface AdminVariables {
  adminUser: AdminUser;
}

/**
 * Middleware: lets the request through only for a user with role `admin`.
 * Accepts `Authorization: Bearer <JWT>` only (from `/api/v1/auth/login` or
 * `/refresh`, verified against our JWKS). A Better Auth session token is
 * refused (401): the dashboard and the admin scripts send JWTs, and the one
 * session a client holds is the login's refresh token, which lives for days
 * and is meant for `/api/v1/auth/refresh` alone. The role is read fresh from
 * the database, so a demoted admin is refused even with a still-valid JWT.
 * Throws 401 (no or bad credentials) or 403 (not an admin): the app's error
 * handler answers them as JSON, like every other refusal.
 */
export function requireAdmin(ctx: Pick<AuthContext, 'auth' | 'database'>): MiddlewareHandler<{ Variables: AdminVariables }> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    const userId = await resolveUserId(ctx, token);
    const [user] = await ctx.database.db
      .select({ id: users.id, email: users.email, kind: users.kind, role: users.role, banned: users.banned })
      .from(users)
      .where(eq(users.id, userId))
      .limit(1);
    if (!user || user.banned) throw new AppError('UNAUTHORIZED', 'Invalid or expired credentials');
    if (!isAdminRole(user.role)) throw new AppError('FORBIDDEN', 'Admin role required');
    c.set('adminUser', { id: user.id, email: user.email, kind: user.kind, role: user.role ?? '' });
    await next();
  };
}

/** True when a Better Auth role string (comma-separated) contains `admin`. */
export function isAdminRole(role: string | null | undefined): boolean {
  return (role ?? '').split(',').some((r) => r.trim() === 'admin');
}

function bearerToken(header: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) throw new AppError('UNAUTHORIZED', 'Missing Authorization: Bearer token');
  return match[1];
}

async function resolveUserId(ctx: Pick<AuthContext, 'auth'>, token: string): Promise<string> {
  const verified = token.split('.').length === 3 ? await ctx.auth.api.verifyJWT({ body: { token } }).catch(() => null) : null;
  const sub = verified?.payload?.sub;
  if (typeof sub === 'string') return sub;
  throw new AppError('UNAUTHORIZED', 'Invalid or expired credentials');
}
