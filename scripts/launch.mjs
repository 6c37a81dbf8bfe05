/**
 * `npm run start:auth | start:mcp | start:runner` (and the container's entry point).
 *
 * NODE_ENV=production runs the built JavaScript, `dist/start-service.js` from
 * `npm run build`: no TypeScript compiler at run time, and a production install
 * has none. Without the build it refuses to start rather than fall back to
 * compiling. Any other NODE_ENV runs the TypeScript sources through tsx, so
 * development needs no build step (and never runs a stale one).
 *
 * Plain JavaScript on purpose: this file must run where tsx is not installed.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/start-service.js', import.meta.url);
if (process.env.NODE_ENV === 'production') {
  if (!existsSync(built)) {
    process.stderr.write(
      `NODE_ENV=production runs the built services, and ${fileURLToPath(built)} does not exist: run \`npm run build\` first (after every update), or leave NODE_ENV unset to run the TypeScript sources in development.\n`,
    );
    process.exit(1);
  }
  await import(built.href);
} else {
  await import('tsx');
  await import('./start-service.ts');
}
