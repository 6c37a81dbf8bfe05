import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manaRegistry } from '@mana/tools';
import { createAuthHarness, type AuthHarness } from '@mana/auth/testing';
import { connectAdmin, type AdminClient } from './admin-client';
import { loadCatalog } from './catalog';
import { cleanupPersonas, seedPersonas } from './seed-run';

let h: AuthHarness;
let client: AdminClient;
const catalog = loadCatalog(manaRegistry);

beforeAll(async () => {
  h = await createAuthHarness();
  const email = 'seed-admin@mana.test';
  await h.admin(email);
  // The real login endpoint, the real admin API: only the transport is in-process.
  client = await connectAdmin({ baseUrl: 'http://mana-auth.test', email, password: 'admin-password-for-tests', fetch: (url, init) => Promise.resolve(h.app.request(url, init)) });
});
afterAll(async () => h?.close());

const personaCount = async () => (await h.database.query<{ n: number }>(`select count(*)::int as n from personas`))[0].n;

describe('seeding through the admin API', () => {
  it('a dry run needs no client and writes nothing', async () => {
    expect(await seedPersonas(catalog, null)).toHaveLength(catalog.length);
    expect(await personaCount()).toBe(0);
  });

  it('seeds the catalogue, and a second run updates in place', async () => {
    const first = await seedPersonas(catalog, client);
    expect(first.every((l) => l.action === 'created')).toBe(true);
    const second = await seedPersonas(catalog, client);
    expect(second.every((l) => l.action === 'updated')).toBe(true);
    expect(second.map((l) => l.userId)).toEqual(first.map((l) => l.userId));
    expect(await personaCount()).toBe(catalog.length);
  });

  it('seeds several at a time, reports progress for each, and keeps catalogue order', async () => {
    await cleanupPersonas(client, { catalogEmails: [], all: true, dryRun: false });
    const seen: number[] = [];
    const lines = await seedPersonas(catalog, client, { concurrency: 3, onProgress: (done, total) => seen.push(done) && expect(total).toBe(catalog.length) });
    expect(lines.map((l) => l.email)).toEqual(catalog.map((p) => p.email));
    expect(lines.every((l) => l.action === 'created')).toBe(true);
    expect(seen).toEqual(catalog.map((_, i) => i + 1));
    expect(await personaCount()).toBe(catalog.length);
  });

  it('cleanup removes catalogue personas only; --all removes every persona', async () => {
    await client.upsert({ ...catalog[0], name: 'Extra', email: 'persona.extra@mana.test' });
    const dry = await cleanupPersonas(client, { catalogEmails: catalog.map((p) => p.email), all: false, dryRun: true });
    expect(dry).toHaveLength(catalog.length);
    expect(await personaCount()).toBe(catalog.length + 1);
    await cleanupPersonas(client, { catalogEmails: catalog.map((p) => p.email), all: false, dryRun: false });
    expect((await client.list()).map((p) => p.email)).toEqual(['persona.extra@mana.test']);
    await cleanupPersonas(client, { catalogEmails: [], all: true, dryRun: false });
    expect(await personaCount()).toBe(0);
  });
});
