import type { ReportPopulation } from '@mana/contracts';
import type { PopulationRow } from './persona-queries';

/** At most this many personas are named per list; the counts are always whole. */
const LISTED = 50;

/**
 * Who played in each period: personas in only one of them (new, archived,
 * paused) and personas whose cadence changed are a change of the population,
 * reported here and never read as a change of the product.
 */
export function populationOf(rows: readonly PopulationRow[]): ReportPopulation {
  const side = (s: 0 | 1) => new Map(rows.filter((r) => r.side === s).map((r) => [r.persona, r]));
  const [before, after] = [side(0), side(1)];
  const ref = (r: PopulationRow) => ({ id: r.persona, name: r.name });
  const byName = (a: PopulationRow, b: PopulationRow) => a.name.localeCompare(b.name) || a.persona.localeCompare(b.persona);
  const joined = [...after.values()].filter((r) => !before.has(r.persona)).sort(byName);
  const left = [...before.values()].filter((r) => !after.has(r.persona)).sort(byName);
  const cadenceChanged = [...after.values()].filter((r) => before.has(r.persona) && before.get(r.persona)!.hourly !== r.hourly).sort(byName);
  return {
    before: before.size,
    after: after.size,
    both: [...after.keys()].filter((id) => before.has(id)).length,
    joined: joined.slice(0, LISTED).map(ref),
    left: left.slice(0, LISTED).map(ref),
    cadenceChanged: cadenceChanged.slice(0, LISTED).map(ref),
    joinedCount: joined.length,
    leftCount: left.length,
    cadenceChangedCount: cadenceChanged.length,
  };
}
