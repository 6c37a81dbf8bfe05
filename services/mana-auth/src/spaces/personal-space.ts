import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { AppError } from '@mana/core';
import { members, organizations, type Db, type Tx } from '@mana/db';
import { baseSlugFromEmail, slugCandidate } from './slug';

/** A user's personal space. */
export interface PersonalSpace {
  id: string;
  slug: string;
  /** True when this call created it; false when it already existed. */
  created: boolean;
}

/** Candidates looked at per round trip while searching a free slug. */
const BATCH = 25;
/** Give up after this many candidates: something is badly wrong, not just busy. */
const MAX_CANDIDATES = 2000;

/**
 * Gives `user` its personal space: an organization with `personal_owner_id` =
 * user id and an owner membership. Idempotent: a second call returns the
 * existing space. Safe under concurrency without aborting the caller's
 * transaction: inserts use `ON CONFLICT DO NOTHING`, so a slug taken by a
 * concurrent sign-up (PostgreSQL waits for that transaction, then reports the
 * conflict) just moves on to the next candidate (`-2`, `-3`, ...).
 */
export async function ensurePersonalSpace(db: Db | Tx, user: { id: string; email: string }): Promise<PersonalSpace> {
  const existing = await findPersonalSpace(db, user.id);
  if (existing) return { ...existing, created: false };
  const base = baseSlugFromEmail(user.email);
  for (let start = 1; start <= MAX_CANDIDATES; start += BATCH) {
    const candidates = range(start, BATCH)
      .map((n) => slugCandidate(base, n))
      .filter((slug): slug is string => slug !== undefined);
    const taken = new Set((await db.select({ slug: organizations.slug }).from(organizations).where(inArray(organizations.slug, candidates))).map((row) => row.slug));
    for (const slug of candidates) {
      if (taken.has(slug)) continue;
      const id = randomUUID();
      // Space and owner membership together (a savepoint inside the sign-up transaction).
      const created = await db.transaction(async (tx) => {
        const inserted = await tx.insert(organizations).values({ id, name: 'Personal', slug, personalOwnerId: user.id }).onConflictDoNothing().returning({ id: organizations.id });
        if (inserted.length === 0) return false;
        await tx.insert(members).values({ id: randomUUID(), organizationId: id, userId: user.id, role: 'owner' });
        return true;
      });
      if (created) return { id, slug, created: true };
      const raced = await findPersonalSpace(db, user.id);
      if (raced) return { ...raced, created: false };
    }
  }
  throw new AppError('INTERNAL', `No free slug for a personal space based on "${base}"`);
}

/** The user's personal space, or undefined when it has none. */
export async function findPersonalSpace(db: Db | Tx, userId: string): Promise<{ id: string; slug: string } | undefined> {
  const [row] = await db.select({ id: organizations.id, slug: organizations.slug }).from(organizations).where(eq(organizations.personalOwnerId, userId)).limit(1);
  return row;
}

function range(start: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start + i);
}
