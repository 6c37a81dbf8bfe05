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

/**
 * The report as a person pastes it into a ticket: a headline with the number
 * of findings, each finding in one sentence with its numbers, then the
 * modules, tools and complaints tables.
 */
export function renderMarkdown(report: Report): string {
  const n = report.anomalies.length;
  const lines = [
    `# ${n === 0 ? 'No findings' : n === 1 ? '1 finding' : `${n} findings`}`,
    '',
    `Period ${day(report.period.since)} – ${day(report.period.until)}, compared with ${day(report.previous.since)} – ${day(report.previous.until)}.`,
    '',
  ];
  if (n > 0) {
    report.anomalies.forEach((a, i) => lines.push(`${i + 1}. ${a.summary}`));
  } else {
    lines.push(
      `Nothing moved beyond noise: ${report.settings.tested} comparisons tested, none worse by the minimum effect at a false-discovery rate of ${report.settings.falseDiscoveryRate}.`,
    );
  }
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
