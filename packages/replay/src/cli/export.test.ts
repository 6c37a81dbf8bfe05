/**
 * `npm run record:export` on a simulated history (three days, three personas, pinned
 * dates) on the test database: the file is a valid recording, the same bytes twice,
 * redacted (no e-mail, password or token of a persona), filtered by persona; bad
 * input exits 2 and writes nothing; a tick whose record retention removed is skipped
 * and counted; a surface without its stored tools/list, and ticks without a simulator
 * fingerprint (before migration 0011), export with null fields.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecording, type Recording } from '@mana/contracts';
import { DEV_PERSONA_SEED_SECRET, derivePersonaPassword } from '@mana/core';
import { captureCommand } from '@mana/core/testing/command';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { simulate } from '@mana/simulate';
import { runExport } from './export';

const until = new Date('2026-03-15T00:00:00Z');
const since = '2026-03-12T00:00:00.000Z';
let database: TestDatabase;
let dir: string;
let emails: string[];

beforeAll(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'mana-record-export-'));
  await simulate({ database, days: 3, personas: 3, seed: 7, until, env: {} });
  emails = (await database.query<{ email: string }>(`select u.email from personas p join users u on u.id = p.user_id order by u.email`)).map((r) => r.email);
}, 600_000);
afterAll(async () => {
  await database?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const run = (argv: string[]) => captureCommand(runExport, argv, { database, now: () => until });

async function exported(...argv: string[]): Promise<{ text: string; recording: Recording; err: string }> {
  const file = path.join(dir, `days-${Math.random().toString(36).slice(2)}.jsonl`);
  const { code, err } = await run(['--since', '3d', '--out', file, ...argv]);
  expect({ code, err }).toMatchObject({ code: 0, err: expect.stringMatching(/^Exported \d+ ticks/) });
  const text = readFileSync(file, 'utf8');
  return { text, recording: readRecording(text), err };
}

describe('npm run record:export', () => {
  it('writes a valid recording: the header, then the ticks per persona in time order, each call with its handler time', async () => {
    const { recording, err } = await exported();
    const { header, ticks } = recording;
    expect(header).toMatchObject({ format: 'mana-personas-recording', version: 1, product: 'mana', span: { since, until: until.toISOString() }, personas: 3, filters: {} });
    expect(ticks.length).toBeGreaterThanOrEqual(6);
    const [{ n }] = await database.query<{ n: number }>(`select count(*)::int as n from persona_ticks where status in ('succeeded', 'failed') and started_at >= $1`, [since]);
    expect(header.ticks).toBe(n);
    expect(err).toContain(`Exported ${n} ticks (${header.calls} calls) of 3 personas from ${since} to ${until.toISOString()} to `);
    expect(err).toContain('skipped 0 ticks without a stored record');

    const order = ticks.map((t) => `${t.persona.ref} ${t.startedAt}`);
    expect(order).toEqual([...order].sort());
    expect(new Set(ticks.map((t) => t.persona.ref))).toEqual(new Set(emails.map((e) => e.slice(0, e.indexOf('@')))));
    const calls = ticks.flatMap((t) => t.steps.filter((s) => s.type === 'call'));
    expect(calls.length).toBe(header.calls);
    expect(calls.length).toBeGreaterThan(0);
    // mana-mcp reports its handler time for every call it answered; the runner judges reads empty or not.
    expect(calls.every((c) => c.handlerMs !== null)).toBe(true);
    expect(calls.some((c) => c.emptyResult !== null)).toBe(true);
    // The runner sends each tick's simulator fingerprint (issue 21 §2); the tools/list it names is in the header once.
    for (const t of ticks.filter((t) => t.status === 'succeeded'))
      expect(t.fingerprint).toMatchObject({
        driver: 'offline',
        policyVersion: expect.any(String),
        simulatorKey: expect.any(String),
        surfaceHash: expect.stringMatching(/^[0-9a-f]{16}$/),
      });
    expect(header.surfaces.length).toBeGreaterThanOrEqual(1);
    expect(header.surfaces[0].tools.map((tool) => tool.name)).toContain('todo_list');
  });

  it('holds no e-mail, password or token of a persona', async () => {
    const { text } = await exported();
    for (const email of emails) {
      expect(text).not.toContain(email);
      expect(text).not.toContain(derivePersonaPassword(DEV_PERSONA_SEED_SECRET, email));
    }
    expect(text).not.toMatch(/Bearer\s|eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
  });

  it('gives the same bytes for the same input', async () => {
    const first = await exported('--until', until.toISOString());
    const second = await exported('--until', until.toISOString());
    expect(second.text).toBe(first.text);
  });

  it('exports only the personas named by ref or e-mail, and says so in the header', async () => {
    const [a, b] = emails;
    const refA = a.slice(0, a.indexOf('@'));
    const refB = b.slice(0, b.indexOf('@'));
    const { recording } = await exported('--personas', `${b.toUpperCase()},${refA}`);
    expect(recording.header.filters).toEqual({ personas: [refA, refB].sort() });
    expect(new Set(recording.ticks.map((t) => t.persona.ref))).toEqual(new Set([refA, refB]));
    expect(recording.header.personas).toBe(2);
  });

  it.each([
    [['--sinse', '7d'], /Unknown option '--sinse'/],
    [['--since', 'yesterday'], /--since: expected a length such as 7d/],
    [['--since', '2026-03-20T00:00:00Z', '--until', '2026-03-10T00:00:00Z'], /must be before until/],
    [['--personas', 'nobody'], /unknown persona "nobody": name a persona by its ref/],
    [['--personas', 'a,,b'], /--personas needs comma-separated refs or e-mails/],
    [['--out', '/no/such/folder/days.jsonl'], /--out \/no\/such\/folder\/days.jsonl: the folder \/no\/such\/folder does not exist/],
    [['--schema', 'x.json', '--since', '7d'], /--schema stands alone/],
  ])('exits 2 for %j with a clear message and the usage, and writes nothing', async (argv, message) => {
    const before = readdirSync(dir);
    const file = path.join(dir, 'bad.jsonl');
    const { code, out, err } = await run([...argv, ...(argv.includes('--out') || argv.includes('--schema') ? [] : ['--out', file])]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err).toContain('Usage: npm run record:export');
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir)).toEqual(before);
  });

  it('exports a surface hash without a stored tools/list as null and names it in the summary line', async () => {
    const [{ hash }] = await database.query<{ hash: string }>(`select hash from tool_surfaces order by hash limit 1`);
    await database.query(`delete from tool_surfaces where hash = $1`, [hash]);
    const { recording, err } = await exported();
    expect(err).toContain(`no stored tools/list for surface ${hash} (exported without a surface hash)`);
    expect(recording.header.surfaces.map((s) => s.hash)).not.toContain(hash);
    expect(recording.ticks.map((t) => t.fingerprint.surfaceHash)).not.toContain(hash);
    expect(recording.ticks.some((t) => t.fingerprint.surfaceHash === null)).toBe(true);
  });

  it('skips and counts a tick whose record retention removed; exports ticks without a fingerprint with null fields', async () => {
    const [victim] = await database.query<{ tick_id: string }>(`select tick_id from persona_tick_records order by tick_id limit 1`);
    await database.query(`delete from persona_tick_records where tick_id = $1`, [victim.tick_id]);
    await database.query(`update persona_ticks set prompt_hash = null, policy_version = null, simulator_key = null, surface_hash = null`);
    const { recording, err } = await exported();
    expect(err).toContain('skipped 1 tick without a stored record');
    expect(recording.ticks.map((t) => t.tickId)).not.toContain(victim.tick_id);
    expect(recording.header.surfaces).toEqual([]);
    for (const t of recording.ticks) expect(t.fingerprint).toMatchObject({ promptHash: null, policyVersion: null, simulatorKey: null, surfaceHash: null });
  });
});
