import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { manaRegistry } from '../index';
import { addTestMember, createTestActor, createTestSpace, createToolContext } from '../testing';

describe('spaces module', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it('lists the spaces I am a member of, marking personal and current, and nothing else', async () => {
    const alice = await createTestActor(database.db, { name: 'Alice' });
    const bob = await createTestActor(database.db, { name: 'Bob' });
    const team = await createTestSpace(database.db, { ownerId: bob.userId, name: 'Team' });
    await addTestMember(database.db, { spaceId: team, userId: alice.userId });
    await createTestSpace(database.db, { ownerId: bob.userId, name: 'Bob only' });

    const inTeam = createToolContext({ db: database.db, userId: alice.userId, spaceId: team });
    const result = (await manaRegistry.invoke('spaces_list', {}, inTeam)) as { spaces: { id: string; name: string; role: string; personal: boolean; current: boolean }[] };
    expect(result.spaces).toEqual([
      { id: alice.spaceId, name: "Alice's space", slug: `space-${alice.spaceId}`, role: 'owner', personal: true, current: false },
      { id: team, name: 'Team', slug: `space-${team}`, role: 'member', personal: false, current: true },
    ]);
  });
});
