import { mkdtempSync, readFileSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthHarness, type AuthHarness } from '../testing/harness';
import { adminCredentialsPath, ensureFirstAdmin, FIRST_ADMIN_EMAIL } from './first-admin';

let h: AuthHarness;
const dir = mkdtempSync(join(tmpdir(), 'mana-first-admin-'));

beforeAll(async () => {
  h = await createAuthHarness();
});
afterAll(async () => h?.close());

const adminCount = async () => (await h.database.query<{ n: number }>(`select count(*)::int as n from users where role = 'admin'`))[0].n;

describe('admin on first start', () => {
  it('keeps admin.json beside the data folder', () => {
    expect(adminCredentialsPath('/srv/mana/.mana/pglite')).toBe('/srv/mana/.mana/admin.json');
  });

  it('never creates one in production (or under tests)', async () => {
    const file = join(dir, 'prod', 'admin.json');
    expect(await ensureFirstAdmin({ ...h.ctx, config: { ...h.config, env: 'production' } }, { file, dashboardUrl: 'x' })).toEqual({
      kind: 'skipped',
      reason: 'NODE_ENV=production',
    });
    expect(await ensureFirstAdmin(h.ctx, { file, dashboardUrl: 'x' })).toEqual({ kind: 'skipped', reason: 'NODE_ENV=test' });
    expect(await adminCount()).toBe(0);
    expect(existsSync(file)).toBe(false);
  });

  it('in development without an admin creates one, stores the credentials (mode 0600) and later only says where they are', async () => {
    const dev = { ...h.ctx, config: { ...h.config, env: 'development' as const } };
    const file = join(dir, 'dev', 'admin.json');
    const first = await ensureFirstAdmin(dev, { file, dashboardUrl: 'http://127.0.0.1:3001/admin' });
    expect(first).toMatchObject({ kind: 'created', email: FIRST_ADMIN_EMAIL, file });
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { email: string; password: string; dashboard: string };
    expect(stored).toMatchObject({ email: FIRST_ADMIN_EMAIL, dashboard: 'http://127.0.0.1:3001/admin' });
    expect(stored.password).toBe(first.kind === 'created' ? first.password : '');
    expect(stored.password.length).toBeGreaterThanOrEqual(20);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The stored password signs in as an admin who can read the admin API.
    const login = await h.login(FIRST_ADMIN_EMAIL, stored.password);
    expect((await h.request('/api/v1/admin/personas', { headers: { authorization: `Bearer ${login.accessToken}` } })).status).toBe(200);

    expect(await ensureFirstAdmin(dev, { file, dashboardUrl: 'x' })).toEqual({ kind: 'exists', file });
    expect(await adminCount()).toBe(1);
    expect(JSON.parse(readFileSync(file, 'utf8')).password).toBe(stored.password);
  });
});
