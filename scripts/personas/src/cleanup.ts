/**
 * `npm run seed:personas:cleanup [-- --all] [--dry-run] [--jwt <token>]`
 * Removes the catalogue's personas (or every persona with --all) through the admin API.
 */
import { manaRegistry } from '@mana/tools';
import { connectAdmin } from './admin-client';
import { CATALOG_PATH, loadCatalog } from './catalog';
import { parseCli, runCli } from './cli-args';
import { loadScriptsConfig } from './config';
import { cleanupPersonas } from './seed-run';

const USAGE = `Usage: npm run seed:personas:cleanup -- [--all] [--dry-run] [--jwt <admin JWT>] [--catalog <file>] [--url <mana-auth URL>]
  Deletes the personas of the catalogue (matched by e-mail); --all deletes every persona user.
  Authenticates like seed:personas (MANA_ADMIN_EMAIL / MANA_ADMIN_PASSWORD or --jwt).`;

runCli(async () => {
  const args = parseCli(
    process.argv.slice(2),
    { all: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, jwt: { type: 'string' }, catalog: { type: 'string' }, url: { type: 'string' } },
    USAGE,
  );
  if (args.help) return console.log(USAGE);
  const catalogEmails = args.all ? [] : loadCatalog(manaRegistry, args.catalog ?? CATALOG_PATH).map((p) => p.email);
  const config = loadScriptsConfig();
  const client = await connectAdmin({ baseUrl: args.url ?? config.authUrl, jwt: args.jwt, email: config.adminEmail, password: config.adminPassword });
  const removed = await cleanupPersonas(client, { catalogEmails, all: Boolean(args.all), dryRun: Boolean(args['dry-run']) });
  console.log(`${args['dry-run'] ? 'Would remove' : 'Removed'} ${removed.length} persona(s)${removed.length ? `:\n  ${removed.join('\n  ')}` : ''}`);
});
