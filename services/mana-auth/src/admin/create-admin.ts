import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '@mana/core';
import { accounts, users } from '@mana/db';
import type { AuthContext } from '../deps';
import { ensurePersonalSpace } from '../spaces/personal-space';

export const createAdminInput = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(8).max(256).optional(),
  kind: z.enum(['human', 'system']).default('human'),
  name: z.string().min(1).max(200).optional(),
});
export type CreateAdminInput = z.input<typeof createAdminInput>;

export interface CreateAdminResult {
  userId: string;
  email: string;
  /** True when a new user was created; false when an existing one was promoted. */
  created: boolean;
  /** The password to log in with: the one given, or a generated one for a new user. */
  password: string | undefined;
  /** True when `password` was generated here (print it once, it is stored only hashed). */
  generatedPassword: boolean;
}

/**
 * Creates an admin (role `admin`, kind human or system) or promotes an existing
 * user; an existing user's password changes only when one is given.
 */
export async function createAdmin(ctx: Pick<AuthContext, 'auth' | 'database'>, raw: CreateAdminInput): Promise<CreateAdminResult> {
  const parsed = createAdminInput.safeParse(raw);
  if (!parsed.success) throw new AppError('VALIDATION', parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '));
  const input = parsed.data;
  const { db } = ctx.database;
  const [existing] = await db.select({ id: users.id, role: users.role }).from(users).where(eq(users.email, input.email)).limit(1);

  if (!existing) {
    const password = input.password ?? randomBytes(18).toString('base64url');
    const { user } = await ctx.auth.api.createUser({
      body: { email: input.email, password, name: input.name ?? input.email.split('@')[0] ?? 'admin', role: 'admin', data: { kind: input.kind } },
    });
    return { userId: user.id, email: input.email, created: true, password, generatedPassword: input.password === undefined };
  }

  // Better Auth's default role `user` is replaced; any other custom roles are kept.
  const others = (existing.role ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r && r !== 'user' && r !== 'admin');
  const role = [...others, 'admin'].join(',');
  await db.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, existing.id));
  if (input.password) await setPassword(ctx, existing.id, input.password);
  await ensurePersonalSpace(db, { id: existing.id, email: input.email });
  return { userId: existing.id, email: input.email, created: false, password: input.password, generatedPassword: false };
}

async function setPassword(ctx: Pick<AuthContext, 'auth' | 'database'>, userId: string, password: string): Promise<void> {
  const authContext = await ctx.auth.$context;
  const hash = await authContext.password.hash(password);
  const [credential] = await ctx.database.db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.userId, userId), eq(accounts.providerId, 'credential')))
    .limit(1);
  if (credential) await authContext.internalAdapter.updatePassword(userId, hash);
  else await authContext.internalAdapter.linkAccount({ userId, providerId: 'credential', accountId: userId, password: hash });
}
