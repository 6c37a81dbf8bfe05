import type { ReplayResult, ReplayToolSummary } from '@mana/contracts';

/**
 * The replay as JUnit XML, which every CI system reads: one test case per
 * replayed tool (class `mana.replay`), failing when one of its differences is a
 * regression (the kinds that make the exit code 1, unless allowed); its other
 * differences are listed in the case's output. The suite's time is the run's.
 */
export function renderJunit(result: ReplayResult): string {
  const failures = result.tools.filter((t) => t.regression).length;
  const seconds = Math.max(0, (Date.parse(result.finishedAt) - Date.parse(result.startedAt)) / 1000).toFixed(3);
  const cases = result.tools.map((tool) => testCase(tool, result));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mana replay" tests="${result.tools.length}" failures="${failures}" errors="0" time="${seconds}">`,
    `  <testsuite name="replay ${xml(result.id)}" tests="${result.tools.length}" failures="${failures}" errors="0" skipped="0" time="${seconds}" timestamp="${xml(result.startedAt)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function testCase(tool: ReplayToolSummary, result: ReplayResult): string {
  const counts = Object.entries(tool.differences).map(([kind, n]) => `${n} ${kind}`);
  const head = `    <testcase classname="mana.replay" name="${xml(tool.tool)}" time="0">`;
  const summary = `${tool.calls} recorded calls, ${tool.replayed} replayed, ${tool.skipped} not sent${counts.length ? `; differences: ${counts.join(', ')}` : ''}`;
  const examples = result.differences
    .filter((d) => d.tool === tool.tool)
    .slice(0, 5)
    .map((d) => `${d.kind}${d.regression ? ' (regression)' : ''} — persona ${d.persona}${d.tickId ? `, tick ${d.tickId}` : ''}${d.step ? `, step ${d.step}` : ''}: ${d.detail}`);
  const body = [summary, ...examples].join('\n');
  if (!tool.regression) return `${head}\n      <system-out>${xml(body)}</system-out>\n    </testcase>`;
  const worst = Object.keys(tool.differences).join(',');
  return `${head}\n      <failure type="${xml(worst)}" message="${xml(`${tool.tool} changed behaviour: ${counts.join(', ')}`)}">${xml(body)}</failure>\n    </testcase>`;
}

/** Text safe inside an XML attribute or element (characters XML 1.0 forbids are dropped). */
function xml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters XML 1.0 does not allow
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;')
  );
}
