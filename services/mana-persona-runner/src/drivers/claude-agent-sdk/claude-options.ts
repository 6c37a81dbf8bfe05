import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Options } from '@anthropic-ai/claude-agent-sdk';
import type { DayTelemetry, DriverSettings, McpTarget } from '../driver';

/** Name of the MCP server inside the session: tools arrive as `mcp__mana__<tool>`. */
export const MCP_SERVER_NAME = 'mana';
export const MCP_TOOL_PREFIX = `mcp__${MCP_SERVER_NAME}__`;

/** A per-session scratch HOME with its CLAUDE_CONFIG_DIR; removed after the session. */
export interface Scratch {
  home: string;
  configDir: string;
  remove(): Promise<void>;
}

export async function createScratch(scratchDir: string): Promise<Scratch> {
  await mkdir(scratchDir, { recursive: true });
  const home = await mkdtemp(join(scratchDir, 'claude-'));
  const configDir = join(home, '.claude');
  await mkdir(configDir);
  return { home, configDir, remove: () => rm(home, { recursive: true, force: true }) };
}

/**
 * The child's whole environment: the `env` option replaces process.env, so the
 * API key lives only here (never in the runner's own environment), next to
 * PATH, the scratch HOME/CLAUDE_CONFIG_DIR and the switches that keep the CLI
 * from phoning home.
 */
export function childEnv(
  settings: Pick<DriverSettings, 'anthropicApiKey' | 'anthropicBaseUrl'>,
  scratch: Pick<Scratch, 'home' | 'configDir'>,
  path = process.env.PATH ?? '/usr/bin:/bin',
): Record<string, string> {
  return {
    PATH: path,
    HOME: scratch.home,
    CLAUDE_CONFIG_DIR: scratch.configDir,
    ANTHROPIC_API_KEY: settings.anthropicApiKey ?? '',
    ANTHROPIC_BASE_URL: settings.anthropicBaseUrl,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
  };
}

/**
 * The Claude Code CLI's own OpenTelemetry traces (its interaction, LLM request and
 * tool spans), exported where the runner exports and parented under the day's
 * span through `TRACEPARENT`. Nothing when tracing is off or has no OTLP URL.
 */
export function telemetryEnv(telemetry: DayTelemetry | undefined): Record<string, string> {
  if (!telemetry?.traceparent || !telemetry.tracesUrl) return {};
  return {
    CLAUDE_CODE_ENABLE_TELEMETRY: '1',
    CLAUDE_CODE_ENHANCED_TELEMETRY_BETA: '1',
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: telemetry.tracesUrl,
    TRACEPARENT: telemetry.traceparent,
  };
}

/**
 * Options of one `query()`: no built-in tools, mana-mcp as an `http` MCP
 * server with the persona's headers and its tools pre-approved, `dontAsk`
 * (`bypassPermissions` refuses to run as root), no settings files, no
 * session persistence.
 */
export function sessionOptions(input: {
  settings: DriverSettings;
  model: string;
  scratch: Scratch;
  abortController: AbortController;
  systemPrompt: string;
  maxTurns: number;
  mcp?: McpTarget;
  telemetry?: DayTelemetry;
}): Options {
  return {
    model: input.model,
    systemPrompt: input.systemPrompt,
    tools: [],
    mcpServers: input.mcp ? { [MCP_SERVER_NAME]: { type: 'http', url: input.mcp.url, headers: input.mcp.headers } } : {},
    allowedTools: input.mcp ? [`mcp__${MCP_SERVER_NAME}`] : [],
    permissionMode: 'dontAsk',
    settingSources: [],
    persistSession: false,
    maxTurns: input.maxTurns,
    cwd: input.scratch.home,
    env: { ...childEnv(input.settings, input.scratch), ...telemetryEnv(input.telemetry) },
    abortController: input.abortController,
  };
}
