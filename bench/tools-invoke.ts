/**
 * Direct `registry.invoke` latency of Mana tools (input validation, handler,
 * output validation; no MCP, no HTTP) on a realistically filled space: 1,000
 * todos, 2,000 notes, 20 habits with a year of check-ins, 365 journal entries,
 * 1,000 mood logs, 600 events, 300 contacts; plus 9 other spaces of the same
 * size so every query must filter by space.
 *
 *   npx tsx bench/tools-invoke.ts                    # PGlite in memory
 *   DATABASE_URL=postgres://... npx tsx bench/tools-invoke.ts
 *   BENCH_ITERATIONS=500 npx tsx bench/tools-invoke.ts
 */
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { calendarEvents, contacts, createDatabase, habitCheckins, habits, journalEntries, moodEntries, notes, todos, type Database, type Db } from '@mana/db';
import { manaRegistry } from '@mana/tools';
import { createTestActor, type TestActor } from '@mana/tools/testing';
import { percentile } from './lib/stats';

const iterations = Number(process.env.BENCH_ITERATIONS ?? 300);
const SPACES = 10;
const NOW = new Date('2026-12-01T10:00:00Z');
const WORDS = 'garden tomato basil river walk meeting budget travel family dentist coffee book piano invoice report'.split(' ');
const day = (offset: number) => new Date(NOW.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
const pick = (i: number, n = 1) => Array.from({ length: n }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]).join(' ');

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}

async function fill(db: Db, actor: TestActor) {
  const base = { spaceId: actor.spaceId, createdBy: actor.userId };
  await insertChunked(
    Array.from({ length: 1000 }, (_, i) => ({
      ...base,
      title: `Todo ${i} ${pick(i, 2)}`,
      dueDate: day((i % 60) - 20),
      priority: ['low', 'medium', 'high'][i % 3],
      tags: [pick(i)],
      status: i % 4 === 0 ? 'done' : 'open',
    })),
    (c) => db.insert(todos).values(c),
  );
  await insertChunked(
    Array.from({ length: 2000 }, (_, i) => ({ ...base, title: `Note ${i} ${pick(i)}`, body: `${pick(i, 40)} ${i}`, tags: [pick(i + 1)] })),
    (c) => db.insert(notes).values(c),
  );
  const habitRows = await db
    .insert(habits)
    .values(Array.from({ length: 20 }, (_, i) => ({ ...base, name: `Habit ${i}`, cadence: i % 4 === 0 ? 'weekly' : 'daily' })))
    .returning({ id: habits.id });
  await insertChunked(
    habitRows.flatMap((h) => Array.from({ length: 365 }, (_, d) => ({ habitId: h.id, spaceId: actor.spaceId, day: day(-d) }))),
    (c) => db.insert(habitCheckins).values(c),
  );
  await insertChunked(
    Array.from({ length: 365 }, (_, i) => ({ ...base, entryDate: day(-i), body: pick(i, 60) })),
    (c) => db.insert(journalEntries).values(c),
  );
  await insertChunked(
    Array.from({ length: 1000 }, (_, i) => ({ ...base, score: (i % 5) + 1, loggedAt: new Date(NOW.getTime() - i * 8 * 3_600_000) })),
    (c) => db.insert(moodEntries).values(c),
  );
  await insertChunked(
    Array.from({ length: 600 }, (_, i) => {
      const start = new Date(Date.UTC(2026, 10, 1 + Math.floor(i / 10), 8 + (i % 10)));
      return { ...base, title: `Event ${i}`, startsAt: start, endsAt: new Date(start.getTime() + 45 * 60_000) };
    }),
    (c) => db.insert(calendarEvents).values(c),
  );
  await insertChunked(
    Array.from({ length: 300 }, (_, i) => ({
      ...base,
      name: `Person ${i} ${pick(i)}`,
      email: `p${i}@example.com`,
      birthday: `19${60 + (i % 40)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
    })),
    (c) => db.insert(contacts).values(c),
  );
}

async function run(label: string, database: Database) {
  const actors: TestActor[] = [];
  for (let s = 0; s < SPACES; s++) {
    const actor = await createTestActor(database.db, { now: () => NOW });
    await fill(database.db, actor);
    actors.push(actor);
  }
  const me = actors[0];
  const firstHabit = ((await manaRegistry.invoke('habits_list', {}, me.ctx)).habits as { id: string }[])[0].id;
  const calls: [string, () => Record<string, unknown>][] = [
    ['todo_list', () => ({ status: 'open', priority: 'high', dueBefore: day(10) })],
    ['todo_list (text)', () => ({ text: 'dentist' })],
    ['todo_create', () => ({ title: 'Bench todo', tags: ['bench'] })],
    ['notes_list', () => ({})],
    ['notes_search', () => ({ query: 'tomato basil' })],
    ['habits_list', () => ({})],
    ['habits_streak', () => ({ habitId: firstHabit })],
    ['journal_list', () => ({})],
    ['mood_recent', () => ({ days: 30 })],
    ['calendar_list_events', () => ({ from: '2026-11-20', to: '2026-11-26' })],
    ['calendar_find_free_slot', () => ({ durationMinutes: 30, from: '2026-12-01', to: '2026-12-05' })],
    ['contacts_search', () => ({ query: 'tomato' })],
    ['contacts_upcoming_birthdays', () => ({ days: 30 })],
  ];
  console.log(`\n## ${label} (${iterations} calls each after 20 warm-up, one space of ${SPACES} filled)`);
  console.log('| tool | p50 ms | p99 ms |\n|---|---:|---:|');
  for (const [name, input] of calls) {
    const tool = name.split(' ')[0];
    for (let i = 0; i < 20; i++) await manaRegistry.invoke(tool, input(), me.ctx);
    const samples: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const started = performance.now();
      await manaRegistry.invoke(tool, input(), me.ctx);
      samples.push(performance.now() - started);
    }
    console.log(`| ${name} | ${percentile(samples, 50).toFixed(2)} | ${percentile(samples, 99).toFixed(2)} |`);
  }
}

console.log(`date ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model})`);
const pglite = await createDatabase({ dataDir: 'memory://' });
await run('PGlite (in memory)', pglite);
await pglite.close();

const url = process.env.DATABASE_URL;
if (url) {
  const name = `mana_bench_tools_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const postgres = await createDatabase({ url: target.toString() });
  try {
    await run('PostgreSQL (local)', postgres);
  } finally {
    await postgres.close();
    await admin.query(`drop database if exists "${name}"`);
    await admin.end();
  }
}
