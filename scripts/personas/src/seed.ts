/**
 * `npm run seed:personas [-- --dry-run] [--jwt <token>] [--catalog <file>] [--concurrency <n>]`
 * Upserts the persona catalogue through mana-auth's admin API (idempotent), a few at a time,
 * with a progress bar on a terminal and one plain line per persona otherwise.
 */
import { UsageError } from '@mana/core';
import { manaRegistry } from '@mana/tools';
import { connectAdmin } from './admin-client';
import { CATALOG_PATH, loadCatalog } from './catalog';
import { parseCli, runCli } from './cli-args';
import { loadScriptsConfig } from './config';
import { createProgress } from './progress';
import { describePersona, seedPersonas } from './seed-run';

const USAGE = `Usage: npm run seed:personas -- [--dry-run] [--jwt <admin JWT>] [--catalog <file>] [--url <mana-auth URL>] [--concurrency <n>]
  Logs in as MANA_ADMIN_EMAIL / MANA_ADMIN_PASSWORD (or uses --jwt) against MANA_AUTH_URL
  and creates or updates every persona of the catalogue, --concurrency at a time (default 4, 1-32).
  --dry-run prints the plan and needs no credentials.`;

runCli(async () => {
  const args = parseCli(
    process.argv.slice(2),
    { 'dry-run': { type: 'boolean' }, jwt: { type: 'string' }, catalog: { type: 'string' }, url: { type: 'string' }, concurrency: { type: 'string' } },
    USAGE,
  );
  if (args.help) return console.log(USAGE);
  const concurrency = Number(args.concurrency ?? 4);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw new UsageError(`--concurrency must be an integer from 1 to 32 (got ${args.concurrency})`, USAGE);
  const personas = loadCatalog(manaRegistry, args.catalog ?? CATALOG_PATH);
  if (args['dry-run']) {
    console.log(`Plan (dry run, ${personas.length} personas, nothing sent):`);
    for (const p of personas) console.log(`  upsert ${describePersona(p)}`);
    return;
  }
  const config = loadScriptsConfig();
  const client = await connectAdmin({ baseUrl: args.url ?? config.authUrl, jwt: args.jwt, email: config.adminEmail, password: config.adminPassword });
  const started = performance.now();
  const progress = createProgress(process.stderr, personas.length);
  const lines = await seedPersonas(personas, client, {
    concurrency,
    onProgress: (done, _total, line) => (progress.tty ? progress.update(done) : console.log(`${line.action.padEnd(8)} ${line.email} ${line.userId}`)),
  });
  progress.done();
  const created = lines.filter((l) => l.action === 'created').length;
  console.log(`seeded ${lines.length} personas (${created} created, ${lines.length - created} updated) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
});
