import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Options } from '@anthropic-ai/claude-agent-sdk';
import type { DriverSettings, McpTarget } from '../driver';

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
export function childEnv(settings: Pick<DriverSettings, 'anthropicApiKey' | 'anthropicBaseUrl'>, scratch: Pick<Scratch, 'home' | 'configDir'>, path = process.env.PATH ?? '/usr/bin:/bin'): Record<string, string> {
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
    env: childEnv(input.settings, input.scratch),
    abortController: input.abortController,
  };
}
