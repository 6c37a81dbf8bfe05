import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningAuthServer } from '@mana/auth';
import { createAuthHarness, type AuthHarness } from '@mana/auth/testing';
import { createLogger } from '@mana/core';
import { announceFirstAdmin, type NoticeOutput } from './system';

let h: AuthHarness;
beforeAll(async () => {
  h = await createAuthHarness();
});
afterAll(async () => h?.close());

/** mana-auth in development on its own data folder, as `npm start` runs it on a fresh clone. */
function devServer(): RunningAuthServer {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'mana-announce-')), 'pglite');
  const config = { ...h.config, env: 'development' as const, dataDir };
  return { url: 'http://127.0.0.1:3001', config, ctx: { ...h.ctx, config }, close: async () => {} };
}

function capture(isTerminal: boolean): NoticeOutput & { text: () => string } {
  const chunks: string[] = [];
  return { isTerminal, write: (text) => void chunks.push(text), text: () => chunks.join('') };
}

const log = createLogger('test', { level: 'silent' });
const storedPassword = (text: string) => (JSON.parse(readFileSync(/kept in: {2}(\S+)/.exec(text)?.[1] ?? '', 'utf8')) as { password: string }).password;

describe('announceFirstAdmin (issue 24 §4: the password never lands in a log file)', () => {
  it('output that is not a terminal gets where admin.json is, never the password', async () => {
    await h.database.query(`delete from users where role = 'admin'`);
    const out = capture(false);
    await announceFirstAdmin(devServer(), {}, log, out);
    const password = storedPassword(out.text());
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(out.text()).not.toContain(password);
    expect(out.text()).toContain('admin@mana.local');
    expect(out.text()).toMatch(/kept in: {2}\S+admin\.json \(mode 0600\)/);
  });

  it('a terminal is shown the password once', async () => {
    await h.database.query(`delete from users where role = 'admin'`);
    const server = devServer();
    const out = capture(true);
    await announceFirstAdmin(server, {}, log, out);
    expect(out.text()).toContain(`password: ${storedPassword(out.text())}`);
    const again = capture(true);
    await announceFirstAdmin(server, {}, log, again);
    expect(again.text()).toMatch(/^Admin credentials for http:\/\/127\.0\.0\.1:3001\/admin: \S+admin\.json\n$/);
  });
});
