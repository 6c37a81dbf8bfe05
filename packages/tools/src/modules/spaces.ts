import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { members, organizations } from '@mana/db';
import { defineModule, defineTool } from '../tool';

const space = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  role: z.string(),
  personal: z.boolean(),
  current: z.boolean(),
});

const listMySpaces = defineTool({
  name: 'spaces_list',
  title: 'List my spaces',
  description: 'Lists every space (personal or shared workspace) you are a member of, with your role. The space marked current is the one your other tool calls work in.',
  policy: 'read',
  input: z.object({}),
  output: z.object({ spaces: z.array(space) }),
  async handler(_input, ctx) {
    const rows = await ctx.db
      .select({ id: organizations.id, name: organizations.name, slug: organizations.slug, role: members.role, personalOwnerId: organizations.personalOwnerId })
      .from(members)
      .innerJoin(organizations, eq(members.organizationId, organizations.id))
      .where(eq(members.userId, ctx.userId))
      .orderBy(organizations.createdAt, organizations.id);
    return {
      spaces: rows.map((row) => ({
        id: row.id,
        name: row.name,
        slug: row.slug,
        role: row.role,
        personal: row.personalOwnerId === ctx.userId,
        current: row.id === ctx.spaceId,
      })),
    };
  },
});

/** Spaces: which workspaces the caller belongs to. */
export const spacesModule = defineModule({
  id: 'spaces',
  title: 'Spaces',
  description: 'Your personal space and the shared workspaces you belong to.',
  tools: [listMySpaces],
});
