import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The dashboard app's folder: `index.html` and `src/` (Preact + uPlot), Vite's root. */
export const DASHBOARD_SOURCE_DIR = fileURLToPath(new URL('../', import.meta.url));
/** What the bundle is built from: a change to any of these makes it stale. */
const SOURCES = ['index.html', 'src', 'tsconfig.json'];
/** The built bundle mana-auth serves under `/admin` (gitignored). */
export const DASHBOARD_DIST_DIR = fileURLToPath(new URL('../dist/', import.meta.url));
const STAMP = '.source-hash';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : files(path);
    return [path];
  });
}

function packageVersion(name: string): string {
  try {
    return String((JSON.parse(readFileSync(fileURLToPath(import.meta.resolve(`${name}/package.json`)), 'utf8')) as { version: string }).version);
  } catch {
    return 'missing';
  }
}

/** A hash of every source file and of the UI libraries' versions: the bundle is stale when it differs. */
export function dashboardSourceHash(): string {
  const hash = createHash('sha256');
  const sources = SOURCES.flatMap((name) => {
    const path = join(DASHBOARD_SOURCE_DIR, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
  for (const path of sources.sort()) hash.update(relative(DASHBOARD_SOURCE_DIR, path)).update('\0').update(readFileSync(path)).update('\0');
  for (const name of ['preact', 'uplot', 'vite']) hash.update(`${name}@${packageVersion(name)}\0`);
  return hash.digest('hex');
}

/** True when the bundle exists and was built from the current sources. */
export function dashboardIsFresh(): boolean {
  const stamp = join(DASHBOARD_DIST_DIR, STAMP);
  return existsSync(join(DASHBOARD_DIST_DIR, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === dashboardSourceHash();
}

/**
 * Builds the dashboard bundle with Vite when it is missing or stale (a hash
 * check of ~20 files otherwise, so `npm start` stays instant). Vite is loaded
 * only to build. The bundle is written aside and moved into place, so a
 * server never reads a half-written folder.
 */
export async function ensureDashboardBuilt(): Promise<{ built: boolean; ms: number }> {
  const started = performance.now();
  if (dashboardIsFresh()) return { built: false, ms: performance.now() - started };
  const hash = dashboardSourceHash();
  const staging = `${DASHBOARD_DIST_DIR.replace(/\/$/, '')}.${process.pid}.tmp`;
  const { build } = await import('vite');
  await build({
    root: DASHBOARD_SOURCE_DIR,
    base: '/admin/',
    configFile: false,
    logLevel: 'warn',
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: { outDir: staging, emptyOutDir: true, assetsDir: 'assets', modulePreload: { polyfill: false }, chunkSizeWarningLimit: 400 },
  });
  writeFileSync(join(staging, STAMP), hash);
  rmSync(DASHBOARD_DIST_DIR, { recursive: true, force: true });
  try {
    renameSync(staging, DASHBOARD_DIST_DIR);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!dashboardIsFresh()) throw error;
  }
  return { built: true, ms: performance.now() - started };
}
