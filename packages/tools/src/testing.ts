/**
 * Test helpers for tool tests only: users and spaces are written straight into
 * the test database (users, organizations, members) and a `ToolContext` is
 * built around them. Auth and MCP tests sign up for real instead.
 */
import { randomUUID } from 'node:crypto';
import { createLogger, isAppError, type AppError } from '@mana/core';
import { members, organizations, users, type Db } from '@mana/db';
import type { ToolContext } from './tool';

export interface TestActor {
  userId: string;
  spaceId: string;
  ctx: ToolContext;
}

/** Inserts a user of kind `human` (or the given kind) and returns its id. */
export async function createTestUser(db: Db, options: { name?: string; kind?: 'human' | 'persona' | 'system' } = {}): Promise<string> {
  const id = randomUUID();
  await db.insert(users).values({ id, name: options.name ?? `Test ${id.slice(0, 8)}`, email: `${id}@test.mana.local`, kind: options.kind ?? 'human' });
  return id;
}

/** Inserts a space owned by `ownerId` (personal when asked) with the owner as member. */
export async function createTestSpace(db: Db, options: { ownerId: string; name?: string; personal?: boolean }): Promise<string> {
  const id = randomUUID();
  await db.insert(organizations).values({
    id,
    name: options.name ?? `Space ${id.slice(0, 8)}`,
    slug: `space-${id}`,
    personalOwnerId: options.personal ? options.ownerId : null,
  });
  await addTestMember(db, { spaceId: id, userId: options.ownerId, role: 'owner' });
  return id;
}

/** Makes `userId` a member of `spaceId`. */
export async function addTestMember(db: Db, options: { spaceId: string; userId: string; role?: string }): Promise<void> {
  await db.insert(members).values({ id: randomUUID(), organizationId: options.spaceId, userId: options.userId, role: options.role ?? 'member' });
}

/** A context for calling tools as `userId` in `spaceId`, with a silent logger, an optional fixed clock and a time zone (default UTC). */
export function createToolContext(options: { db: Db; userId: string; spaceId: string; now?: () => Date; timeZone?: string }): ToolContext {
  return {
    db: options.db,
    userId: options.userId,
    spaceId: options.spaceId,
    log: createLogger('tools-test', { level: 'silent' }),
    now: options.now ?? (() => new Date()),
    timeZone: options.timeZone ?? 'UTC',
  };
}

/** A new user with a personal space and a context to call tools there. */
export async function createTestActor(db: Db, options: { name?: string; now?: () => Date } = {}): Promise<TestActor> {
  const userId = await createTestUser(db, { name: options.name });
  const spaceId = await createTestSpace(db, { ownerId: userId, personal: true, name: options.name && `${options.name}'s space` });
  return { userId, spaceId, ctx: createToolContext({ db, userId, spaceId, now: options.now }) };
}

/** A clock fixed at `iso`, for date-relative tools. */
export function fixedClock(iso: string): () => Date {
  const instant = new Date(iso);
  return () => new Date(instant);
}

/** Awaits a call that must fail with an AppError and returns it; a success or any other error is rethrown as a failure. */
export async function catchAppError(call: Promise<unknown>): Promise<AppError> {
  let result: unknown;
  try {
    result = await call;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error(`Expected an AppError, got a result: ${JSON.stringify(result)}`);
}
