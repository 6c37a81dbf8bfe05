/**
 * `npm run seed:personas [-- --dry-run] [--jwt <token>] [--catalog <file>]`
 * Upserts the persona catalogue through mana-auth's admin API (idempotent).
 */
import { manaRegistry } from '@mana/tools';
import { connectAdmin } from './admin-client';
import { CATALOG_PATH, loadCatalog } from './catalog';
import { parseCli, runCli } from './cli-args';
import { loadScriptsConfig } from './config';
import { describePersona, seedPersonas } from './seed-run';

const USAGE = `Usage: npm run seed:personas -- [--dry-run] [--jwt <admin JWT>] [--catalog <file>] [--url <mana-auth URL>]
  Logs in as MANA_ADMIN_EMAIL / MANA_ADMIN_PASSWORD (or uses --jwt) against MANA_AUTH_URL
  and creates or updates every persona of the catalogue. --dry-run prints the plan and needs no credentials.`;

runCli(async () => {
  const args = parseCli(process.argv.slice(2), { 'dry-run': { type: 'boolean' }, jwt: { type: 'string' }, catalog: { type: 'string' }, url: { type: 'string' } }, USAGE);
  if (args.help) return console.log(USAGE);
  const personas = loadCatalog(manaRegistry, args.catalog ?? CATALOG_PATH);
  if (args['dry-run']) {
    console.log(`Plan (dry run, ${personas.length} personas, nothing sent):`);
    for (const p of personas) console.log(`  upsert ${describePersona(p)}`);
    return;
  }
  const config = loadScriptsConfig();
  const client = await connectAdmin({ baseUrl: args.url ?? config.authUrl, jwt: args.jwt, email: config.adminEmail, password: config.adminPassword });
  for (const line of await seedPersonas(personas, client)) console.log(`${line.action.padEnd(8)} ${line.email} ${line.userId}`);
});
