import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthHarness, type AuthHarness } from '../testing/harness';
import { ensurePersonalSpace } from './personal-space';
import { isValidSlug } from './slug';

let h: AuthHarness;
beforeAll(async () => {
  h = await createAuthHarness();
});
afterAll(async () => {
  await h?.close();
});

const count = async (sql: string, params: unknown[] = []) => Number((await h.database.query<{ n: number }>(`select count(*)::int as n from ${sql}`, params))[0]?.n);

describe('personal space on sign-up', () => {
  it('creates exactly one personal space with an owner membership', async () => {
    const { userId } = await h.signUp('Lena.Berg@mana.test');
    const spaces = await h.database.query<{ id: string; slug: string }>('select id, slug from organizations where personal_owner_id = $1', [userId]);
    expect(spaces).toHaveLength(1);
    expect(spaces[0]?.slug).toBe('lena-berg');
    expect(await count('members where organization_id = $1 and user_id = $2 and role = $3', [spaces[0]?.id, userId, 'owner'])).toBe(1);
    expect(await count('members where user_id = $1', [userId])).toBe(1);
  });

  it('is idempotent: ensuring it again returns the same space and writes nothing', async () => {
    const { userId } = await h.signUp('idem@mana.test');
    const before = await count('organizations');
    const again = await ensurePersonalSpace(h.database.db, { id: userId, email: 'idem@mana.test' });
    expect(again.created).toBe(false);
    expect(await count('organizations')).toBe(before);
    expect(await count('organizations where personal_owner_id = $1', [userId])).toBe(1);
  });

  it('gives 20 concurrent sign-ups with colliding local parts 20 distinct valid slugs', async () => {
    const emails = Array.from({ length: 20 }, (_, i) => `sam@team${i}.mana.test`);
    const results = await Promise.allSettled(emails.map((email) => h.signUp(email)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const slugs = (await h.database.query<{ slug: string }>("select o.slug from organizations o join users u on u.id = o.personal_owner_id where u.email like 'sam@team%'")).map(
      (r) => r.slug,
    );
    expect(slugs).toHaveLength(20);
    expect(new Set(slugs).size).toBe(20);
    expect(slugs.every(isValidSlug)).toBe(true);
    expect(slugs).toContain('sam');
    expect(slugs.filter((s) => /^sam(-\d+)?$/.test(s))).toHaveLength(20);
  });

  it('skips reserved words', async () => {
    const { userId } = await h.signUp('admin@example.mana.test');
    const [space] = await h.database.query<{ slug: string }>('select slug from organizations where personal_owner_id = $1', [userId]);
    expect(space?.slug).toBe('admin-2');
  });

  it('is written in the sign-up transaction: if the space cannot be created, no user remains', async () => {
    await h.database.query(`create function refuse_doomed() returns trigger language plpgsql as $$
      begin if new.slug like 'doomed%' then raise exception 'refused by test trigger'; end if; return new; end $$`);
    await h.database.query('create trigger refuse_doomed before insert on organizations for each row execute function refuse_doomed()');
    try {
      const users = await count('users');
      const accounts = await count('accounts');
      const res = await h.request('/api/auth/sign-up/email', { json: { email: 'doomed@mana.test', password: 'correct-horse-battery', name: 'Doomed' } });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(await count('users')).toBe(users);
      expect(await count('accounts')).toBe(accounts);
    } finally {
      await h.database.query('drop trigger refuse_doomed on organizations');
    }
  });
});

describe('other ways a user comes to be', () => {
  it('a user created through the admin API (personas, admin:create) gets its space too', async () => {
    const { user } = await h.ctx.auth.api.createUser({ body: { email: 'made@mana.test', password: 'made-by-admin-1', name: 'Made', data: { kind: 'persona' } } });
    expect(await count('organizations where personal_owner_id = $1 and slug = $2', [user.id, 'made'])).toBe(1);
    const [row] = await h.database.query<{ kind: string }>('select kind from users where id = $1', [user.id]);
    expect(row?.kind).toBe('persona');
  });

  it('login heals a user whose personal space is missing', async () => {
    const { userId } = await h.signUp('healed@mana.test', 'healed-password-1');
    await h.database.query('delete from organizations where personal_owner_id = $1', [userId]);
    const login = await h.login('healed@mana.test', 'healed-password-1');
    const [space] = await h.database.query<{ id: string }>('select id from organizations where personal_owner_id = $1', [userId]);
    expect(login.personalSpaceId).toBe(space?.id);
    expect(await count('members where organization_id = $1 and user_id = $2 and role = $3', [space?.id, userId, 'owner'])).toBe(1);
  });
});

describe('personal space deletion', () => {
  it('is refused with 403 JSON and the space stays', async () => {
    const { userId, sessionToken } = await h.signUp('keeper@mana.test');
    const [space] = await h.database.query<{ id: string }>('select id from organizations where personal_owner_id = $1', [userId]);
    const res = await h.request('/api/auth/organization/delete', {
      json: { organizationId: space?.id },
      headers: { authorization: `Bearer ${sessionToken}` },
    });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('FORBIDDEN');
    expect(body.error.message).toMatch(/personal space/i);
    expect(await count('organizations where id = $1', [space?.id])).toBe(1);
  });

  it('still allows deleting an ordinary space', async () => {
    const { sessionToken } = await h.signUp('founder@mana.test');
    const auth = { authorization: `Bearer ${sessionToken}` };
    const created = await h.request('/api/auth/organization/create', { json: { name: 'Team', slug: 'founders-team' }, headers: auth });
    expect(created.status).toBe(200);
    const { id } = (await created.json()) as { id: string };
    const res = await h.request('/api/auth/organization/delete', { json: { organizationId: id }, headers: auth });
    expect(res.status).toBe(200);
    expect(await count('organizations where id = $1', [id])).toBe(0);
  });
});

describe('space slugs', () => {
  it.each(['admin', 'Team Space', 'x'.repeat(31), 'bad--slug'])('refuses creating a space with slug %j (400 JSON, nothing written)', async (slug) => {
    const { sessionToken } = await h.signUp(`slugger.${slug.length}.${slug.charCodeAt(0)}@mana.test`);
    const before = await count('organizations');
    const res = await h.request('/api/auth/organization/create', { json: { name: 'Team', slug }, headers: { authorization: `Bearer ${sessionToken}` } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION');
    expect(await count('organizations')).toBe(before);
  });

  it('refuses renaming a space to a reserved slug', async () => {
    const { userId, sessionToken } = await h.signUp('renamer@mana.test');
    const [space] = await h.database.query<{ id: string }>('select id from organizations where personal_owner_id = $1', [userId]);
    const res = await h.request('/api/auth/organization/update', {
      json: { organizationId: space?.id, data: { slug: 'settings' } },
      headers: { authorization: `Bearer ${sessionToken}` },
    });
    expect(res.status).toBe(400);
    expect(await count('organizations where id = $1 and slug = $2', [space?.id, 'renamer'])).toBe(1);
  });
});
