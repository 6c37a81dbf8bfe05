/**
 * `npm run build`: the services as JavaScript for production (`dist/`), so a
 * production start compiles nothing (`npm run start:*` with NODE_ENV=production
 * runs `dist/start-service.js` through `scripts/launch.mjs`; the Dockerfile runs
 * this same command).
 *
 * esbuild bundles each entry with our workspace packages inlined (they export
 * TypeScript sources, and their relative imports carry no extension, so tsc's
 * output would not run on Node) and every other package left to `node_modules`.
 * Each module's `import.meta.url` is rewritten to its source file's place
 * relative to the bundle, so files found beside the sources (prompts, phrase
 * banks, the persona catalogue, migrations, the built dashboard) are read from
 * the same folders as in development.
 *
 *   npm run build [-- --outdir dist]
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build, type Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The programs a production image runs: the three services (one entry, the service is its argument) and the container's health check. */
export const BUILD_ENTRIES = ['scripts/start-service.ts', 'scripts/healthcheck.ts'];

/**
 * Ours (`@mana/*`, relative paths) is bundled; every other package stays an
 * import that Node resolves at run time from the root `node_modules`. Each
 * static import is checked against what the image installs: a package that
 * resolves from its source to a copy nested in a workspace would run another
 * version than the tests do, and one the lock file marks `dev` is left out by
 * `npm ci --omit=dev`; both fail the build. (`import()` of a package is not
 * checked: Vite, loaded only to build the dashboard, is one.)
 */
function externalPackages(): Plugin {
  const lock = (JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> }).packages;
  return {
    name: 'external-packages',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.path.startsWith('@mana/') || isBuiltin(args.path) || args.pluginData === 'probe') return undefined;
        if (args.kind === 'import-statement') {
          const name = args.path
            .split('/')
            .slice(0, args.path.startsWith('@') ? 2 : 1)
            .join('/');
          const found = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'probe' });
          const problem = found.errors.length
            ? `${args.path} does not resolve`
            : !found.path.startsWith(path.join(ROOT, 'node_modules', name) + path.sep)
              ? `${args.path} resolves to ${path.relative(ROOT, found.path)}, not the root node_modules the bundle reads`
              : lock[`node_modules/${name}`]?.dev
                ? `${name} is only a devDependency: \`npm ci --omit=dev\` leaves it out`
                : undefined;
          if (problem) return { errors: [{ text: `${problem} (imported by ${path.relative(ROOT, args.importer)})` }] };
        }
        return { path: args.path, external: true };
      });
    },
  };
}

/** `import.meta.url` of each of our modules becomes its source file's URL relative to the bundle (see the header). */
function sourceLocations(outdir: string): Plugin {
  return {
    name: 'source-locations',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (args.path.includes(`${path.sep}node_modules${path.sep}`) || !source.includes('import.meta.url')) return undefined;
        const fromBundle = path.relative(outdir, args.path).split(path.sep).join('/');
        return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader: 'ts' };
      });
    },
  };
}

/**
 * Bundles `entries` (default `BUILD_ENTRIES`) into `outdir` (default `dist/`): one `.js` per entry, the chunks they
 * load lazily, a source map each, all in `outdir` itself (the rewritten
 * `import.meta.url`s count from there). The previous build's `.js` files there are removed first.
 */
export async function buildServices(options: { outdir?: string; entries?: string[] } = {}): Promise<{ files: string[] }> {
  const { outdir = path.join(ROOT, 'dist'), entries = BUILD_ENTRIES } = options;
  if (existsSync(outdir)) for (const name of readdirSync(outdir)) if (/\.js(\.map)?$/.test(name)) rmSync(path.join(outdir, name));
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: entries,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // Dynamic imports stay lazy chunks (the LLM drivers, OpenTelemetry): inlined, each start would load them all.
    splitting: true,
    target: 'node20',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [externalPackages(), sourceLocations(outdir)],
  });
  return { files: Object.keys(result.metafile.outputs).map((file) => path.resolve(ROOT, file)) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
  const started = performance.now();
  const { files } = await buildServices({ outdir: values.outdir && path.resolve(values.outdir) });
  const js = files.filter((file) => file.endsWith('.js'));
  const entries = js.filter((file) => BUILD_ENTRIES.some((entry) => path.basename(entry, '.ts') === path.basename(file, '.js')));
  const shown = entries.map((file) => path.relative(process.cwd(), file)).join(', ');
  process.stdout.write(`built ${shown} (+${js.length - entries.length} lazily loaded chunks) in ${Math.round(performance.now() - started)} ms\n`);
}
