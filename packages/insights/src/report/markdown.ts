import type { Report } from '@mana/contracts';
import { formatMs } from './anomalies';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
const fixed = (value: number | null, digits = 2) => (value === null ? '–' : value.toFixed(digits));
const signed = (value: number | null, digits = 2) => (value === null ? '–' : `${value > 0 ? '+' : ''}${value.toFixed(digits)}`);
const pct = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)} %`);
const pctPoints = (value: number | null) => (value === null ? '–' : `${value > 0 ? '+' : ''}${(value * 100).toFixed(1)} pt`);
const ms = (value: number | null) => (value === null ? '–' : formatMs(value));
const day = (iso: string) => iso.replace('T', ' ').replace(/:\d\d\.\d{3}Z$/, ' UTC');

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

/** "2 findings (and 1 consequence)": causes counted apart from what they brought along. */
export function findingsHeadline(report: Pick<Report, 'anomalies'>): string {
  const leads = report.anomalies.filter((a) => !a.causedBy).length;
  const consequences = report.anomalies.length - leads;
  const head = leads === 0 ? 'No findings' : leads === 1 ? '1 finding' : `${leads} findings`;
  return consequences === 0 ? head : `${head} (and ${consequences} consequence${consequences === 1 ? '' : 's'})`;
}

/** "12 personas in both periods; 2 joined, 1 left": what the tests could compare. */
function populationLine(p: Report['population']): string {
  const names = (list: { name: string }[], count: number) => (count === 0 ? '' : `: ${list.map((r) => r.name).join(', ')}${count > list.length ? ', …' : ''}`);
  const parts = [`${p.both} persona${p.both === 1 ? '' : 's'} played in both periods (${p.before} before, ${p.after} now)`];
  if (p.joinedCount > 0) parts.push(`${p.joinedCount} joined${names(p.joined, p.joinedCount)}`);
  if (p.leftCount > 0) parts.push(`${p.leftCount} left${names(p.left, p.leftCount)}`);
  if (p.cadenceChangedCount > 0) parts.push(`${p.cadenceChangedCount} changed cadence${names(p.cadenceChanged, p.cadenceChangedCount)}`);
  return `${parts.join('; ')}. Only personas in both periods are compared; the others are a change of the population, not of the product.`;
}

/**
 * The report as a person pastes it into a ticket: a simulator change first
 * (it decides what could be compared), a headline with the number of
 * findings, each finding in one sentence with its numbers (its consequences
 * under it, a surface change with its diff), who played, then the modules,
 * tools and complaints tables.
 */
export function renderMarkdown(report: Report): string {
  const lines: string[] = [];
  for (const notice of report.notices) lines.push(`> **Simulator changed.** ${notice.summary}`, '');
  lines.push(
    `# ${findingsHeadline(report)}`,
    '',
    `Period ${day(report.period.since)} – ${day(report.period.until)}, compared with ${day(report.previous.since)} – ${day(report.previous.until)}.`,
    '',
  );
  const leads = report.anomalies.filter((a) => !a.causedBy);
  if (leads.length > 0) {
    leads.forEach((a, i) => {
      lines.push(`${i + 1}. ${a.summary}`);
      if (a.diff) lines.push('', '   ```diff', ...a.diff.split('\n').map((l) => `   ${l}`), '   ```');
      for (const c of report.anomalies.filter((x) => x.causedBy === a.key)) lines.push(`   - Consequence: ${c.summary}`);
    });
  } else {
    lines.push(
      `Nothing moved beyond noise: ${report.settings.tested} comparisons (${report.settings.testable} with enough personas to decide), none worse by the minimum effect at a false-discovery rate of ${report.settings.falseDiscoveryRate}.`,
    );
  }
  lines.push('', '## Population', '', populationLine(report.population));
  lines.push('', '## Modules', '');
  lines.push(
    ...table(
      ['module', 'avg rating', 'ratings', 'before', 'ratings before', 'change', 'parse errors'],
      report.modules.map((m) => [m.name, fixed(m.avgRating), String(m.ratings), fixed(m.prevAvgRating), String(m.prevRatings), signed(m.change), String(m.parseErrors)]),
    ),
  );
  lines.push('', '## Tools', '');
  lines.push(
    ...table(
      ['tool', 'module', 'calls', 'errors', 'error rate', 'before', 'change', 'empty reads', 'before', 'p50', 'p95', 'p50 before', 'latency from'],
      report.tools.map((t) => [
        t.name,
        t.module,
        String(t.calls),
        String(t.errors),
        pct(t.errorRate),
        pct(t.prevErrorRate),
        pctPoints(t.errorRateChange),
        pct(t.emptyRate),
        pct(t.prevEmptyRate),
        ms(t.p50Ms),
        ms(t.p95Ms),
        ms(t.prevP50Ms),
        t.latencySource,
      ]),
    ),
  );
  lines.push('', '## Complaints (ratings 1-2)', '');
  if (report.complaints.length === 0) lines.push('None in this period.');
  else
    lines.push(
      ...table(
        ['module', 'complaint', 'times', 'avg rating'],
        report.complaints.map((c) => [c.module, c.text, String(c.count), fixed(c.avgRating)]),
      ),
    );
  lines.push('');
  return lines.join('\n');
}
