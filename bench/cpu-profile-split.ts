/**
 * Splits a V8 CPU profile (`node --cpu-prof`) of the all-in-one process between
 * the services: each sample goes to the nearest first-party frame on its stack
 * (services/mana-auth, services/mana-mcp, services/mana-persona-runner,
 * packages/tools, packages/db, scripts/simulate), else to the package of its
 * leaf frame (node_modules/<pkg>, node internals, GC, idle). Async hops lose the
 * caller, so work a library does from its own queue (PGlite's WASM, undici's
 * sockets) shows under that library.
 * Run: `node --import tsx bench/cpu-profile-split.ts <file.cpuprofile> [top=25]`
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const profile = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Profile;
const top = Number(process.argv[3] ?? 25);
const parent = new Map<number, number>();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const FIRST_PARTY = /\/(services\/[a-z-]+|packages\/[a-z-]+|scripts\/[a-z-]+)\/src\//;
function leafCategory(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName.startsWith('(') ? functionName : `(native) ${functionName || 'anonymous'}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `lib ${pkg[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  return url;
}
const cache = new Map<number, string>();
function categoryOf(id: number): string {
  const hit = cache.get(id);
  if (hit) return hit;
  let at: number | undefined = id;
  let category: string | undefined;
  while (at !== undefined) {
    const match = FIRST_PARTY.exec(byId.get(at)!.callFrame.url);
    if (match) {
      category = match[1];
      break;
    }
    at = parent.get(at);
  }
  category ??= leafCategory(byId.get(id)!);
  cache.set(id, category);
  return category;
}

const totals = new Map<string, number>();
const leaves = new Map<string, number>();
let all = 0;
profile.samples.forEach((id, i) => {
  const us = profile.timeDeltas[i] ?? 0;
  all += us;
  const category = categoryOf(id);
  totals.set(category, (totals.get(category) ?? 0) + us);
  const leaf = byId.get(id)!.callFrame;
  const key = `${leaf.functionName || '(anonymous)'} ${leaf.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(services|packages|scripts)\//, '$1/')}`;
  leaves.set(key, (leaves.get(key) ?? 0) + us);
});
const busy = all - (totals.get('(idle)') ?? 0);
console.log(`profile: ${(all / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s not idle`);
console.log('| where (nearest first-party frame, else leaf library) | CPU s | % of non-idle |\n|---|---:|---:|');
for (const [category, us] of [...totals]
  .filter(([c]) => c !== '(idle)')
  .sort((a, b) => b[1] - a[1])
  .slice(0, top)) {
  console.log(`| ${category} | ${(us / 1e6).toFixed(2)} | ${((100 * us) / busy).toFixed(1)} |`);
}
console.log('\nhottest leaf functions (self time):');
for (const [leaf, us] of [...leaves]
  .filter(([k]) => !k.startsWith('(idle)'))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top))
  console.log(`  ${((100 * us) / busy).toFixed(1)}%  ${leaf}`);
