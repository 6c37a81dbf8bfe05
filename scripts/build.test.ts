import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServices } from './build';

const LAUNCHER = fileURLToPath(new URL('./launch.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A bare environment: no NODE_OPTIONS (so no tsx) and nothing of the test run's. */
function bareEnv(extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: tmpdir(), LOG_LEVEL: 'silent', ...extra };
}

/** Runs `node args` to its end. */
function run(args: string[], env: Record<string, string>, cwd = ROOT): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

/** A copy of the launcher in `<dir>/scripts/`, so it looks for its build in `<dir>/dist/`. */
function launcherIn(dir: string): string {
  mkdirSync(join(dir, 'scripts'), { recursive: true });
  copyFileSync(LAUNCHER, join(dir, 'scripts', 'launch.mjs'));
  return join(dir, 'scripts', 'launch.mjs');
}

const PRODUCTION = {
  NODE_ENV: 'production',
  MANA_AUTH_URL: 'http://127.0.0.1:9',
  MANA_MCP_URL: 'http://127.0.0.1:9/mcp',
  MANA_SERVICE_KEY: 'build-test-service-key-0123456789abcdef',
  PERSONA_SEED_SECRET: 'build-test-seed-secret-0123456789abcdef',
  RUNNER_PAUSED: '1',
};

describe('scripts/launch.mjs: npm run start:* (issue 24 §5)', () => {
  it('refuses to start in production when the build is missing, and says to run npm run build', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mana-launch-'));
    const { code, stderr } = await run([launcherIn(dir), 'runner'], bareEnv(PRODUCTION));
    expect(code).toBe(1);
    expect(stderr).toContain(join(dir, 'dist', 'start-service.js'));
    expect(stderr).toContain('run `npm run build` first');
    rmSync(dir, { recursive: true, force: true });
  });

  it('outside production runs the TypeScript sources through tsx, with no build', async () => {
    const { code, stderr } = await run([LAUNCHER, 'no-such-service'], bareEnv({}));
    expect(code).toBe(1);
    expect(stderr).toContain('usage: start-service.ts <auth|mcp|runner>');
  });
});

describe('npm run build (issue 24 §5: production runs JavaScript, not tsx)', () => {
  let dir: string;
  let bundle: string;
  beforeAll(async () => {
    // Inside the repository: the bundle finds its packages in the root node_modules, as in an image.
    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    dir = mkdtempSync(join(ROOT, '.tmp', 'build-test-'));
    const { files } = await buildServices({ outdir: join(dir, 'dist') });
    expect(files).toContain(join(dir, 'dist', 'start-service.js'));
    bundle = files
      .filter((file) => file.endsWith('.js'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('inlines our TypeScript packages and imports only JavaScript packages', () => {
    const specifiers = [...bundle.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*"([^"]+)"/g)].map((m) => m[1]!);
    expect(specifiers).toContain('hono');
    expect(specifiers.filter((s) => s.startsWith('@mana/') || s.endsWith('.ts') || s === 'tsx' || s.startsWith('tsx/'))).toEqual([]);
  });

  it("records each module's source file, so files beside the sources are found from the bundle", () => {
    const located = [...bundle.matchAll(/new URL\("([^"]+\.ts)", import\.meta\.url\)/g)].map((m) => m[1]!);
    for (const source of ['packages/db/src/migrate.ts', 'services/mana-persona-runner/src/drivers/prompts.ts', 'scripts/personas/src/catalog.ts']) {
      expect(located).toContain(relative(join(dir, 'dist'), join(ROOT, source)));
    }
    expect(located.filter((file) => !existsSync(join(dir, 'dist', file)))).toEqual([]);
  });

  it('the built runner starts with NODE_ENV=production and no tsx, answers the built health check, and stops on SIGTERM', async () => {
    const runner: ChildProcess = spawn(process.execPath, [launcherIn(dir), 'runner'], {
      cwd: ROOT,
      env: bareEnv({ ...PRODUCTION, PORT: '0' }),
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const exited = new Promise<number | null>((resolve) => runner.once('exit', (code) => resolve(code)));
    const ready = await new Promise<{ url: string }>((resolve, reject) => {
      runner.once('message', (message) => resolve(message as { url: string }));
      void exited.then((code) => reject(new Error(`the built runner exited with ${code} before it was ready`)));
    });
    const port = new URL(ready.url).port;
    expect(await run([join(dir, 'dist', 'healthcheck.js')], bareEnv({ PORT: port }))).toEqual({ code: 0, stderr: '' });
    runner.kill('SIGTERM');
    expect(await exited).toBe(0);
    const down = await run([join(dir, 'dist', 'healthcheck.js')], bareEnv({ PORT: port }));
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(`no answer on port ${port}`);
  });

  it('refuses a package that `npm ci --omit=dev` leaves out of the image', async () => {
    const probe = join(ROOT, '.tmp', `build-probe-${process.pid}`);
    mkdirSync(probe, { recursive: true });
    writeFileSync(join(probe, 'entry.ts'), "import fc from 'fast-check';\nconsole.log(fc);\n");
    try {
      await expect(buildServices({ outdir: join(probe, 'dist'), entries: [join(probe, 'entry.ts')] })).rejects.toThrow(/fast-check is only a devDependency/);
    } finally {
      rmSync(probe, { recursive: true, force: true });
    }
  });
});
