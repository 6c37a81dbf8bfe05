import { replayDifferenceKind, type ReplayDifferenceKind } from '@mana/contracts';
import { UsageError } from '@mana/core';
import { parseCli } from '@mana/personas-scripts';
import { DEFAULT_LATENCY } from '../engine/options';

export const USAGE = `Usage: npm run replay -- --recording FILE [--json FILE] [--junit FILE] [--markdown FILE]
                     [--allow KIND,...] [--latency-ratio R] [--latency-min-ms N]
                     [--target-mcp URL --target-auth URL] [--keep-personas] [--timeout-ms N]

Replays a recording (npm run record:export) against this checkout: mana-auth and
mana-mcp start in-process on a virtual clock (PGlite in memory, or DATABASE_URL,
where the run is then stored for the dashboard), every recorded persona gets a
fresh persona and space, every recorded call is sent again over MCP at its
recorded instant with ids remapped, and compared with its recording. LLM-driven
ticks are cassettes: no model is asked; they stop at their first divergence.

  --recording FILE     the recording (JSON Lines) to replay (required)
  --json FILE          write the result (replayResult contract) to FILE
  --junit FILE         write JUnit XML to FILE: one test case per tool, failing on a regression
  --markdown FILE      write the Markdown summary to FILE instead of standard output
  --allow KINDS        kinds that do not fail the run, comma-separated
                       (${replayDifferenceKind.options.join(', ')})
  --latency-ratio R    flag a tool whose median handler time grew by this share (default ${DEFAULT_LATENCY.ratio} = +${DEFAULT_LATENCY.ratio * 100} %) ...
  --latency-min-ms N   ... and by at least N ms (default ${DEFAULT_LATENCY.minMs})
  --target-mcp URL     replay against running services: their MCP endpoint (…/mcp)
  --target-auth URL    ... and their mana-auth; personas are created through the admin API as
                       MANA_ADMIN_EMAIL / MANA_ADMIN_PASSWORD (or MANA_ADMIN_JWT), and log in with
                       passwords from the target's PERSONA_SEED_SECRET. No virtual clock there.
  --keep-personas      keep the personas the replay created (by default they are deleted at the
                       end where the database outlives the run: DATABASE_URL, a remote target)
  --timeout-ms N       each MCP request gives up after N ms (default 60000)
  --live-after-divergence   not supported yet (refused)
  -h, --help           this text

MCP_FAULTS applies to the in-process build as to simulate: MCP_FAULTS=todo_list:error=1 npm run replay -- ...
Exit codes: 0 nothing got worse; 1 something got worse (ok→error, shape, surface, latency
beyond the threshold, unless --allow'ed); 2 bad usage or a bad recording (nothing written);
3 the replay itself failed (a target that cannot be reached; nothing written).`;

/** The command line, checked. */
export interface ReplayArgs {
  recording: string;
  json?: string;
  junit?: string;
  markdown?: string;
  allow: ReplayDifferenceKind[];
  latency: { ratio: number; minMs: number };
  remote?: { mcpUrl: string; authUrl: string };
  keepPersonas: boolean;
  timeoutMs?: number;
  liveAfterDivergence: boolean;
  help: boolean;
}

/** Parses and checks the flags; throws UsageError. Touches nothing. */
export function parseReplayArgs(argv: string[]): ReplayArgs {
  const values = parseCli(
    argv,
    {
      recording: { type: 'string' },
      json: { type: 'string' },
      junit: { type: 'string' },
      markdown: { type: 'string' },
      allow: { type: 'string' },
      'latency-ratio': { type: 'string' },
      'latency-min-ms': { type: 'string' },
      'target-mcp': { type: 'string' },
      'target-auth': { type: 'string' },
      'keep-personas': { type: 'boolean' },
      'timeout-ms': { type: 'string' },
      'live-after-divergence': { type: 'boolean' },
    },
    USAGE,
  );
  const usage = (message: string) => new UsageError(message, USAGE);
  const base = { allow: [], latency: DEFAULT_LATENCY, keepPersonas: false, liveAfterDivergence: false };
  if (values.help) return { ...base, recording: '', help: true };
  if (!values.recording) throw usage('--recording FILE is required');
  const number = (flag: string, text: string | undefined, whole: boolean): number | undefined => {
    if (text === undefined) return undefined;
    if (!(whole ? /^\d+$/ : /^\d+(\.\d+)?$/).test(text)) throw usage(`--${flag} must be ${whole ? 'a whole number' : 'a number'} of at least 0 (got "${text}")`);
    return Number(text);
  };
  const allow = (values.allow ?? '')
    .split(',')
    .map((kind) => kind.trim())
    .filter(Boolean);
  for (const kind of allow) if (!replayDifferenceKind.safeParse(kind).success) throw usage(`--allow: unknown kind "${kind}" (known: ${replayDifferenceKind.options.join(', ')})`);
  const [mcpUrl, authUrl] = [values['target-mcp'], values['target-auth']];
  if ((mcpUrl === undefined) !== (authUrl === undefined)) throw usage('--target-mcp and --target-auth go together');
  for (const url of [mcpUrl, authUrl]) if (url !== undefined && !URL.canParse(url)) throw usage(`not a URL: "${url}"`);
  const outputs = [values.json, values.junit, values.markdown].filter((f): f is string => f !== undefined);
  if (outputs.some((f) => f === '')) throw usage('--json, --junit and --markdown need a file name');
  if (new Set(outputs).size < outputs.length) throw usage('--json, --junit and --markdown must name different files');
  const timeoutMs = number('timeout-ms', values['timeout-ms'], true);
  return {
    recording: values.recording,
    json: values.json,
    junit: values.junit,
    markdown: values.markdown,
    allow: allow as ReplayDifferenceKind[],
    latency: {
      ratio: number('latency-ratio', values['latency-ratio'], false) ?? DEFAULT_LATENCY.ratio,
      minMs: number('latency-min-ms', values['latency-min-ms'], true) ?? DEFAULT_LATENCY.minMs,
    },
    remote: mcpUrl && authUrl ? { mcpUrl, authUrl } : undefined,
    keepPersonas: values['keep-personas'] ?? false,
    timeoutMs,
    liveAfterDivergence: values['live-after-divergence'] ?? false,
    help: false,
  };
}
