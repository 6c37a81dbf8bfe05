import { and, eq, sql } from 'drizzle-orm';
import type { AdminPersonaUpsertResponse, PersonaDefinition } from '@mana/contracts';
import { AppError, derivePersonaPassword } from '@mana/core';
import { accounts, users } from '@mana/db';
import type { ToolRegistry } from '@mana/tools';
import type { AuthContext } from '../deps';
import { hashPersonaPassword, verifyPersonaPassword } from '../session/persona-password-hash';
import { ensurePersonalSpace } from '../spaces/personal-space';

/** Throws VALIDATION naming every module of a mix that the registry does not know. */
export function checkModuleMix(registry: ToolRegistry, mix: Record<string, number>, field = 'moduleMix'): void {
  const unknown = Object.keys(mix).filter((m) => !registry.hasModule(m));
  if (unknown.length) {
    throw new AppError('VALIDATION', `${field}: unknown module(s) ${unknown.join(', ')} (known: ${registry.moduleIds().join(', ')})`, {
      fields: unknown.map((m) => `${field}.${m}`),
    });
  }
}

/**
 * Creates or updates a persona by e-mail, idempotently. A new persona signs up
 * through Better Auth like any user (so it gets its personal space) with the
 * password derived from PERSONA_SEED_SECRET (stored as a machine secret, not
 * with scrypt: session/persona-password-hash.ts); then the user is marked
 * `kind = persona` with a verified e-mail and the persona row is upserted.
 * An existing persona gets its password re-derived (the secret may have
 * rotated); an e-mail that belongs to a human or system user is a CONFLICT.
 */
export async function upsertPersona(ctx: AuthContext, def: PersonaDefinition): Promise<AdminPersonaUpsertResponse> {
  checkModuleMix(ctx.registry, def.moduleMix);
  const email = def.email.trim().toLowerCase();
  const password = derivePersonaPassword(ctx.config.personaSeedSecret, email);
  const { db } = ctx.database;
  const [existing] = await db.select({ id: users.id, kind: users.kind }).from(users).where(eq(users.email, email)).limit(1);
  if (existing && existing.kind !== 'persona') throw new AppError('CONFLICT', `${email} belongs to a ${existing.kind} user, not a persona`);

  let userId: string;
  if (existing) {
    userId = existing.id;
    await resetPassword(ctx, userId, password);
    await ensurePersonalSpace(db, { id: userId, email });
  } else {
    userId = await signUp(ctx, { email, password, name: def.name });
  }
  const now = ctx.now();
  await db.transaction(async (tx) => {
    await tx.update(users).set({ kind: 'persona', emailVerified: true, name: def.name, updatedAt: now }).where(eq(users.id, userId));
    await tx.execute(
      sql`insert into personas (user_id, archetype, system_prompt, module_mix, tick_cadence, time_zone, locale, created_at, updated_at)
          values (${userId}, ${def.archetype}, ${def.systemPrompt}, ${JSON.stringify(def.moduleMix)}::jsonb, ${def.tickCadence},
                  ${def.timeZone}, ${def.locale}, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
          on conflict (user_id) do update set
            archetype = excluded.archetype, system_prompt = excluded.system_prompt, module_mix = excluded.module_mix,
            tick_cadence = excluded.tick_cadence, time_zone = excluded.time_zone, locale = excluded.locale, updated_at = excluded.updated_at,
            -- a new schedule is re-judged at the next due scan
            next_due_at = case when personas.tick_cadence <> excluded.tick_cadence or personas.time_zone <> excluded.time_zone
                               then least(personas.next_due_at, excluded.updated_at) else personas.next_due_at end`,
    );
  });
  return { userId, email, created: !existing };
}

/**
 * The ordinary sign-up (personal space included). When public sign-up is
 * switched off, Better Auth's admin `createUser` does the same server-side;
 * `ensurePersonalSpace` is idempotent and makes sure the space exists either way.
 */
async function signUp(ctx: AuthContext, body: { email: string; password: string; name: string }): Promise<string> {
  // The password is one mana-auth derived: Better Auth's hash hook stores it as a machine secret, not with scrypt.
  const user = await ctx.personaPasswords.derived(body.password, async () =>
    ctx.config.disableSignUp ? (await ctx.auth.api.createUser({ body })).user : (await ctx.auth.api.signUpEmail({ body })).user,
  );
  await ensurePersonalSpace(ctx.database.db, { id: user.id, email: body.email });
  return user.id;
}

/**
 * Stores the derived password unless the stored persona hash already matches it.
 * A scrypt hash (a persona seeded before persona hashes, or a password changed by
 * hand) is replaced without being checked: checking would cost the scrypt itself.
 */
async function resetPassword(ctx: AuthContext, userId: string, password: string): Promise<void> {
  const authContext = await ctx.auth.$context;
  const [credential] = await ctx.database.db
    .select({ id: accounts.id, hash: accounts.password })
    .from(accounts)
    .where(and(eq(accounts.userId, userId), eq(accounts.providerId, 'credential')))
    .limit(1);
  if (credential?.hash && verifyPersonaPassword(credential.hash, password, ctx.config.authSecret)) return;
  const hash = hashPersonaPassword(password, ctx.config.authSecret);
  if (credential) await authContext.internalAdapter.updatePassword(userId, hash);
  else await authContext.internalAdapter.linkAccount({ userId, providerId: 'credential', accountId: userId, password: hash });
}
