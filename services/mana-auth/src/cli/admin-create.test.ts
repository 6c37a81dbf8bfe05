import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthHarness, type AuthHarness } from '../testing/harness';
import { UsageError } from '@mana/core';
import { parseAdminCreateArgs, runAdminCreate } from './admin-create';

let h: AuthHarness;
beforeAll(async () => {
  h = await createAuthHarness();
});
afterAll(async () => {
  await h?.close();
});

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdminCreate(argv, { config: h.config, database: h.database, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const userRow = async (email: string) =>
  (await h.database.query<{ id: string; role: string | null; kind: string }>('select id, role, kind from users where email = $1', [email]))[0];
const userCount = async () => Number((await h.database.query<{ n: number }>('select count(*)::int as n from users'))[0]?.n);

describe('npm run admin:create', () => {
  it('creates an admin with a generated password that logs in', async () => {
    const { code, out } = await run(['--email', 'ops@mana.test']);
    expect(code).toBe(0);
    const password = /Generated password \(shown once\): (\S+)/.exec(out)?.[1];
    expect(password).toBeTruthy();
    expect(await userRow('ops@mana.test')).toMatchObject({ role: 'admin', kind: 'human' });
    const login = await h.login('ops@mana.test', password ?? '');
    expect(login.personalSpaceId).toBeTruthy();
  });

  it('takes a given password and kind system, and prints no password', async () => {
    const { code, out } = await run(['--email', 'robot@mana.test', '--password', 'robot-password-1', '--kind', 'system']);
    expect(code).toBe(0);
    expect(out).not.toMatch(/password/i);
    expect(await userRow('robot@mana.test')).toMatchObject({ role: 'admin', kind: 'system' });
    expect((await h.login('robot@mana.test', 'robot-password-1')).user.kind).toBe('system');
  });

  it('promotes an existing user, keeping the password', async () => {
    await h.signUp('promote@mana.test', 'old-password-123');
    const { code, out } = await run(['--email', 'promote@mana.test']);
    expect(code).toBe(0);
    expect(out).toMatch(/Promoted admin promote@mana\.test/);
    expect((await userRow('promote@mana.test'))?.role).toBe('admin');
    await h.login('promote@mana.test', 'old-password-123');
  });

  it.each([
    [[]],
    [['--email']],
    [['--mail', 'x@mana.test']],
    [['--email', 'x@mana.test', 'extra']],
    [['--email', 'x@mana.test', '--kind', 'persona']],
    [['--email', 'not-an-email']],
    [['--email', 'short@mana.test', '--password', 'short']],
  ])('exits 2 with a usage message for %j and writes nothing', async (argv) => {
    const before = await userCount();
    const { code, err } = await run(argv);
    expect(code).toBe(2);
    expect(err).toMatch(/Usage: npm run admin:create/);
    expect(await userCount()).toBe(before);
  });
});

describe('parseAdminCreateArgs', () => {
  it('parses the flags', () => {
    expect(parseAdminCreateArgs(['--email', 'a@b.cd', '--password', 'p'])).toEqual({ email: 'a@b.cd', password: 'p', kind: undefined });
    expect(() => parseAdminCreateArgs(['--nope'])).toThrow(UsageError);
  });
});
