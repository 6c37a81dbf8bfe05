import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { report as reportContract } from '@mana/contracts';
import { captureCommand } from '@mana/core/testing/command';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { manaRegistry } from '@mana/tools';
import { buildReport } from '../report/build-report';
import { renderMarkdown } from '../report/markdown';
import { todoNotesDay, writeTestHistory } from '../testing/test-history';
import { runReport } from './report';

const until = new Date('2026-03-15T00:00:00Z');
let clock = until;
let database: TestDatabase;
let dir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'mana-report-cli-'));
  await writeTestHistory({ database, registry: manaRegistry, now: () => clock }, (at) => (clock = at), {
    days: 4,
    personas: 3,
    until,
    seed: 3,
    day: ({ day, random }) => todoNotesDay(random, { failShare: day >= 3 ? 0.3 : 0 }),
  });
}, 300_000);
afterAll(async () => {
  await database?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const run = (argv: string[]) => captureCommand(runReport, argv, { database, now: () => until });
const expected = () => buildReport({ database, now: () => until }, { query: { since: '2d', until: 'now' } });

describe('npm run report', () => {
  it("prints the Markdown report by default and the API's JSON with --format json, both from the report verb", async () => {
    const md = await run(['--since', '2d']);
    expect(md).toMatchObject({ code: 0, err: '' });
    expect(md.out).toBe(renderMarkdown(await expected()));
    expect(md.out).toMatch(/^# (No findings|\d+ findings?)\n/);

    const json = await run(['--since', '2d', '--until', 'now', '--format', 'json']);
    expect(json.code).toBe(0);
    const report = reportContract.parse(JSON.parse(json.out));
    expect(report).toEqual(await expected());
    expect(report.period).toEqual({ since: '2026-03-13T00:00:00.000Z', until: until.toISOString() });
    expect(report.tools.map((t) => t.name)).toEqual(['notes_create', 'notes_search', 'todo_complete', 'todo_create', 'todo_list']);
  });

  it('writes the whole report to --out and says so on stderr', async () => {
    const file = path.join(dir, 'report.json');
    const { code, out, err } = await run(['--since', '2026-03-13T00:00:00Z', '--until', '2026-03-15T00:00:00Z', '--format', 'json', '--out', file]);
    expect(code).toBe(0);
    expect(out).toBe('');
    expect(err).toMatch(/^(No findings|\d+ findings?); report written to /);
    expect(reportContract.parse(JSON.parse(readFileSync(file, 'utf8')))).toEqual(await expected());
  });

  it.each([
    [['--since', 'yesterday'], /--since: expected a length such as 7d/],
    [['--until', 'tomorrow'], /--until: expected "now" or an ISO 8601 instant/],
    [['--since', '2026-03-20T00:00:00Z', '--until', '2026-03-10T00:00:00Z'], /must be before until/],
    [['--since', '400d'], /longer than 366 days/],
    [['--format', 'xml'], /--format must be md or json \(got "xml"\)/],
    [['--sinse', '7d'], /Unknown option '--sinse'/],
    [['7d'], /Unexpected argument '7d'/],
    [['--out', '/no/such/folder/report.md'], /the folder \/no\/such\/folder does not exist/],
  ])('exits 2 for %j with a clear message and the usage, and writes nothing', async (argv, message) => {
    const file = path.join(dir, 'bad.md');
    const { code, out, err } = await run([...argv, ...(argv.includes('--out') ? [] : ['--out', file])]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err).toContain('Usage: npm run report --');
    expect(existsSync(file)).toBe(false);
  });

  it('runs as a process on the configured database (PGlite in MANA_DATA_DIR here) and exits 2 on a bad flag', { timeout: 600_000 }, async () => {
    const root = fileURLToPath(new URL('../../../../', import.meta.url));
    const { DATABASE_URL: _url, ...env } = process.env;
    const cli = (args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'packages/insights/src/cli/report.ts', ...args], {
        cwd: root,
        env: { ...env, MANA_DATA_DIR: path.join(dir, 'pglite') },
      }).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
      );
    const bad = await cli(['--format', 'xml', '--out', path.join(dir, 'never.md')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format must be md or json/);
    expect(existsSync(path.join(dir, 'never.md'))).toBe(false);
    expect(existsSync(path.join(dir, 'pglite'))).toBe(false);

    const good = await cli(['--since', '1d']);
    expect(good).toMatchObject({ code: 0, stderr: '' });
    expect(good.stdout).toMatch(/^# No findings\n/);
  });
});
