import { eq } from 'drizzle-orm';
import { APIError } from 'better-auth/api';
import type { OrganizationOptions } from 'better-auth/plugins/organization';
import { organizations, type Db, type Tx } from '@mana/db';
import { isValidSlug, MAX_SLUG_LENGTH } from './slug';

/**
 * Better Auth organization hooks that make spaces follow our rules: every
 * space slug is lowercase `[a-z0-9-]`, at most 30 characters and not a
 * reserved word, and a personal space cannot be deleted. `db` returns the
 * handle to read with (the open transaction when there is one).
 */
export function spaceHooks(db: () => Db | Tx): NonNullable<OrganizationOptions['organizationHooks']> {
  return {
    beforeCreateOrganization: async ({ organization }) => assertSlug(organization.slug),
    beforeUpdateOrganization: async ({ organization }) => {
      if (organization.slug !== undefined) assertSlug(organization.slug);
    },
    beforeDeleteOrganization: async ({ organization }) => {
      const [row] = await db().select({ owner: organizations.personalOwnerId }).from(organizations).where(eq(organizations.id, organization.id));
      if (row?.owner) throw new APIError('FORBIDDEN', { code: 'PERSONAL_SPACE_NOT_DELETABLE', message: 'A personal space cannot be deleted' });
    },
  };
}

function assertSlug(slug: unknown): void {
  if (typeof slug === 'string' && isValidSlug(slug)) return;
  throw new APIError('BAD_REQUEST', {
    code: 'INVALID_SPACE_SLUG',
    message: `A space slug must be lowercase letters, digits and single dashes, at most ${MAX_SLUG_LENGTH} characters, and not a reserved word`,
  });
}
