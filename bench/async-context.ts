/**
 * What an enabled AsyncLocalStorage costs promises on this Node: 3 million awaits of
 * resolved promises, CPU (user + system) per round, without a store and with one
 * entered (as the services' request context does). Each mode runs in its own process,
 * since a store once enabled stays hooked for the life of the process.
 *
 *   npx tsx bench/async-context.ts            # both modes, 3 rounds each
 */
import { execFileSync } from 'node:child_process';
import { AsyncLocalStorage } from 'node:async_hooks';
import { median } from './lib/stats';

const AWAITS = 3_000_000;
const ROUNDS = 3;

async function work(n: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += await Promise.resolve(i);
    await null;
  }
  return sum;
}

async function measure(mode: 'none' | 'store'): Promise<number[]> {
  if (mode === 'store') new AsyncLocalStorage<{ requestId: string }>().enterWith({ requestId: 'bench' });
  const figures: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const before = process.cpuUsage();
    await work(AWAITS);
    const used = process.cpuUsage(before);
    figures.push((used.user + used.system) / 1000);
  }
  return figures;
}

const mode = process.argv[2];
if (mode === 'none' || mode === 'store') {
  console.log(JSON.stringify(await measure(mode)));
} else {
  const run = (m: string) => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, m], { encoding: 'utf8' })) as number[];
  const none = run('none');
  const store = run('store');
  console.log(`node ${process.version}: ${AWAITS.toLocaleString('en')} awaits, CPU ms per round`);
  console.log(`  no store:       ${none.map((x) => x.toFixed(0)).join(' / ')}  (median ${median(none).toFixed(0)})`);
  console.log(`  store entered:  ${store.map((x) => x.toFixed(0)).join(' / ')}  (median ${median(store).toFixed(0)}, ${(median(store) / median(none)).toFixed(2)}x)`);
}
