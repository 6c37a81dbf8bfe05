/**
 * `npm run personas:generate -- --count 1000 --seed 42 [--out file]`
 * Prints (or writes) a deterministic, valid persona population as a catalogue file.
 */
import { writeFileSync } from 'node:fs';
import { UsageError } from '@mana/core';
import { manaRegistry } from '@mana/tools';
import { parseCatalog } from './catalog';
import { parseCli, runCli } from './cli-args';
import { generatePersonas } from './generator';

const USAGE = `Usage: npm run personas:generate -- --count <n> --seed <int> [--out <file>]
  Generates n personas (archetype templates x traits x locales x time zones x cadences),
  the same for the same seed, as a catalogue file (stdout without --out).`;

function positiveInt(value: string | undefined, flag: string, min: number): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < min) throw new UsageError(`--${flag} must be an integer >= ${min} (got ${value ?? 'nothing'})`, USAGE);
  return n;
}

runCli(async () => {
  const args = parseCli(process.argv.slice(2), { count: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } }, USAGE);
  if (args.help) return console.log(USAGE);
  const count = positiveInt(args.count, 'count', 1);
  const seed = positiveInt(args.seed, 'seed', 0);
  const personas = generatePersonas(manaRegistry, { count, seed });
  const catalog = { $schema: './catalog.schema.json', personas };
  parseCatalog(catalog, manaRegistry); // never hand out an invalid population
  const json = `${JSON.stringify(catalog, null, 2)}\n`;
  if (args.out) {
    writeFileSync(args.out, json);
    console.error(`wrote ${count} personas (seed ${seed}) to ${args.out}`);
  } else process.stdout.write(json);
});
