import { REPLAY_REGRESSION_KINDS, replayDifferenceKind, type ReplayDifference, type ReplayDifferenceKind, type ReplayResult } from '@mana/contracts';

/** Examples shown per tool and kind, and in all. */
const EXAMPLES_PER_KIND = 2;
const MAX_EXAMPLES = 12;
/** Arguments and results in an example are cut to this many characters (the JSON result keeps them whole, up to its own cut). */
const EXAMPLE_CHARS = 600;

/** The headline a pull-request comment opens with: "3 tools changed behaviour in 412 replayed calls". */
export function headline(result: ReplayResult): string {
  const { toolsChanged, replayed } = result.totals;
  const tools = toolsChanged === 0 ? 'No tool' : `${toolsChanged} ${toolsChanged === 1 ? 'tool' : 'tools'}`;
  return `${tools} changed behaviour in ${replayed} replayed ${replayed === 1 ? 'call' : 'calls'}`;
}

/**
 * The replay as Markdown for a pull-request comment: the headline and verdict,
 * what was replayed against what, a table per tool and kind (tools with
 * differences only), and the first examples with their arguments and both results.
 */
export function renderMarkdown(result: ReplayResult): string {
  const { totals, recording, target } = result;
  const lines: string[] = [];
  lines.push(`## Replay: ${headline(result)}`, '');
  const worse = Object.entries(result.byKind)
    .filter(([kind]) => REPLAY_REGRESSION_KINDS.includes(kind as ReplayDifferenceKind) && !result.settings.allow.includes(kind as ReplayDifferenceKind))
    .map(([kind, n]) => `${n} ${kind}`);
  lines.push(
    result.exitCode === 1 ? `**Something got worse** (exit 1): ${worse.join(', ')}.` : '**Nothing got worse** (exit 0).',
    '',
    `- Recording: ${recording.format} v${recording.version}${recording.from ? `, ${day(recording.from)} → ${day(recording.until)}` : ''}; ${totals.personas} personas, ${totals.ticks} ticks, ${totals.calls} calls.`,
    `- Target: ${target.kind === 'in-process' ? `this checkout, in-process on ${target.database ?? 'its database'} with a virtual clock` : `${target.mcpUrl} (running services, no virtual clock)`}.`,
    `- Replayed ${totals.replayed} of ${totals.calls} calls (${totals.skipped} not sent), ${totals.remappedIds} ids remapped, ${totals.divergedTicks} cassette(s) diverged.`,
    `- Latency is flagged when a tool's median handler time grew by +${Math.round(result.settings.latencyRatio * 100)} % and +${result.settings.latencyMinMs} ms${result.settings.allow.length ? `; allowed: ${result.settings.allow.join(', ')}` : ''}.`,
  );
  for (const note of result.notes) lines.push(`- ${note}`);
  lines.push('');

  const changed = result.tools.filter((t) => Object.keys(t.differences).length > 0);
  if (changed.length) {
    const kinds = replayDifferenceKind.options.filter((kind) => changed.some((t) => t.differences[kind]));
    lines.push(`| tool | calls | replayed | ${kinds.join(' | ')} |`, `|---|--:|--:|${kinds.map(() => '--:').join('|')}|`);
    for (const tool of changed) {
      const name = tool.regression ? `**\`${tool.tool}\`** ✗` : `\`${tool.tool}\``;
      lines.push(`| ${name} | ${tool.calls} | ${tool.replayed} | ${kinds.map((kind) => tool.differences[kind] ?? '').join(' | ')} |`);
    }
    lines.push('');
    lines.push('### First examples', '');
    for (const example of examples(result.differences)) lines.push(...renderExample(example), '');
    if (result.differencesOmitted) lines.push(`_${result.differencesOmitted} more differences were counted but not kept one by one._`, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function examples(differences: readonly ReplayDifference[]): ReplayDifference[] {
  const perKey = new Map<string, number>();
  const chosen: ReplayDifference[] = [];
  // Regressions first, then the rest, each in the order found.
  for (const d of [...differences.filter((x) => x.regression), ...differences.filter((x) => !x.regression)]) {
    const key = `${d.tool}\u0000${d.kind}`;
    if ((perKey.get(key) ?? 0) >= EXAMPLES_PER_KIND) continue;
    perKey.set(key, (perKey.get(key) ?? 0) + 1);
    chosen.push(d);
    if (chosen.length >= MAX_EXAMPLES) break;
  }
  return chosen;
}

function renderExample(d: ReplayDifference): string[] {
  const where = [`persona \`${d.persona}\``, d.tickId && `tick \`${d.tickId}\``, d.step && `step ${d.step}`, d.at && `at ${d.at}`].filter(Boolean).join(', ');
  const out = [`#### \`${d.tool}\`: ${d.kind}${d.regression ? ' (regression)' : ''}`, '', `${d.detail}  `, `_${where}_`];
  if (d.arguments !== undefined) out.push('', 'Arguments:', fence(JSON.stringify(d.arguments)));
  if (d.recorded) out.push('', `Recorded (${d.recorded.result}${ms(d.recorded.handlerMs)}):`, fence(d.recorded.text));
  if (d.replayed) out.push('', `Replayed (${d.replayed.result}${ms(d.replayed.handlerMs)}):`, fence(d.replayed.text));
  return out;
}

function fence(text: string): string {
  const cut = text.length > EXAMPLE_CHARS ? `${text.slice(0, EXAMPLE_CHARS - 1)}…` : text;
  return `\`\`\`\n${cut.replaceAll('```', "'''")}\n\`\`\``;
}

function ms(handlerMs: number | undefined): string {
  return handlerMs === undefined ? '' : `, ${handlerMs >= 10 ? Math.round(handlerMs) : handlerMs.toFixed(1)} ms`;
}

function day(iso: string | undefined): string {
  return iso ? iso.slice(0, 16).replace('T', ' ') : '?';
}
