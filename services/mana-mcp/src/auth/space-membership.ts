import { and, eq } from 'drizzle-orm';
import { members, type Db } from '@mana/db';

/** True when the user is a member of the space (a Better Auth organization). */
export async function isSpaceMember(db: Db, userId: string, spaceId: string): Promise<boolean> {
  const rows = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.userId, userId), eq(members.organizationId, spaceId)))
    .limit(1);
  return rows.length > 0;
}
