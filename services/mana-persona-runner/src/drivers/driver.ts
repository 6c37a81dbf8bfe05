import type { ActionReport, FeedbackReport, PersonaProfile, Usage } from '@mana/contracts';
import type { OfflinePolicySettings } from './offline/offline-policies';

/** Why a day ended; every day ends with exactly one. */
export type Termination = 'completed' | 'max_turns' | 'max_tool_calls' | 'token_cap' | 'timeout' | 'aborted' | 'error';

/**
 * One tool call as a driver saw it: the contract's action report (`ActionReport`)
 * without the tick and attempt the runner adds, plus what only the rating turn
 * and the day's record read. The runner turns it into the wire row as is.
 */
export type RecordedAction = Omit<ActionReport, 'tickId' | 'attempt' | 'module'> & {
  /** Module from the tool registry (or the configured module of a foreign MCP server), never parsed from the name. */
  module: string;
  input: unknown;
  /** Short rendering of what came back (for the rating turn), at most a few hundred characters. */
  outputSummary?: string;
  /** What came back, longer (for the day's record, at most MAX_RECORD_TEXT_CHARS). */
  output?: string;
};

/** Where the persona's MCP session goes and with which headers (Authorization, X-Mana-Space, ...). */
export interface McpTarget {
  url: string;
  headers: Record<string, string>;
}

/** Per-tick limits every driver enforces. */
export interface DayBudgets {
  maxTurns: number;
  maxToolCalls: number;
  /** Input + output tokens over the whole tick; 0 = no cap. */
  maxTokens: number;
}

/** Everything a driver needs to live one persona's day. */
export interface DayContext {
  persona: PersonaProfile;
  tickId: string;
  attempt: number;
  mcp: McpTarget;
  budgets: DayBudgets;
  /** Aborted on time-out or shutdown; drivers stop promptly and return what they have. */
  signal: AbortSignal;
  /** The persona's "now" (the runner's clock). */
  now: Date;
  /**
   * Module of a tool name: the tool registry for mana-mcp, a configured module for a
   * foreign MCP server. Drivers never parse modules out of tool names.
   */
  moduleOf: (toolName: string) => string;
  /** Seed for anything random (offline driver), derived from persona + slot. */
  seed: string;
  /** Called as each call finishes, so long sessions can be reported incrementally. */
  onAction?: (action: RecordedAction) => void;
  /**
   * Called with the `tools` of the MCP server's `tools/list` (every page, each
   * tool as the server sent it) by a driver whose own session lists them; the
   * runner hashes them into the tick's surface. A driver that does not call
   * it (the Claude Agent SDK lists inside its child) has the runner list them.
   */
  onToolsListed?: (tools: readonly unknown[]) => void;
  /** The day's clock (the runner's `now`, simulated in drills); wall clock when absent. */
  clock?: () => Date;
  /** Set when tracing is on: the day's span for drivers with their own OpenTelemetry hooks. */
  telemetry?: DayTelemetry;
}

/** The day's trace context for a driver's own telemetry. */
export interface DayTelemetry {
  /** The runner's tracer (the AI SDK's `experimental_telemetry` takes it). */
  tracer: unknown;
  /** W3C `traceparent` of the day's span (a child process such as the Claude Code CLI continues it). */
  traceparent?: string;
  /** Where the runner exports traces (OTLP/HTTP), for a child process's own exporter; unset in tests with an in-memory exporter. */
  tracesUrl?: string;
}

/** Something the persona said during the day, for the day's record. */
export interface PersonaMessage {
  /** `intent`: what it set out to do; `say`: words between calls; `summary`: its closing words. */
  kind: 'intent' | 'say' | 'summary';
  text: string;
  /** ISO instant (the day's clock). */
  at: string;
}

/** What a day produced: the raw trajectory first, scoring happens after. */
export interface DayResult {
  actions: RecordedAction[];
  /** Closing words of the persona (or the offline driver's summary). */
  summary: string;
  /** What the persona said, in order (its intent, words between calls, the summary), for the day's record. */
  messages?: PersonaMessage[];
  usage: Usage;
  model: string;
  termination: Termination;
  error?: string;
}

/** One module rating out of the rating turn: the contract's feedback report without the tick the runner adds. */
export type ModuleRating = Omit<FeedbackReport, 'tickId'>;

export interface RatingResult {
  ratings: ModuleRating[];
  usage: Usage;
  /** The raw answer, kept for parse_error rows. */
  raw: string;
}

/** Driver selection and provider settings, parsed from the runner's env by its config (with the offline driver's policy). */
export interface DriverSettings extends OfflinePolicySettings {
  kind: PersonaDriver['name'];
  /** PERSONA_MODEL; each driver has its own default. */
  model?: string;
  anthropicApiKey?: string;
  /** As the official SDKs read ANTHROPIC_BASE_URL: `https://api.anthropic.com`, no `/v1`. */
  anthropicBaseUrl: string;
  openaiBaseUrl?: string;
  openaiApiKey?: string;
  /** Think time the offline driver waits before each step (benchmarks, fault drills). */
  offlineDelayMs: number;
  /** Each MCP request (initialize, tools/list, tools/call) gives up after this (offline driver). */
  mcpTimeoutMs?: number;
  /** Each LLM step (one model request) gives up after this (anthropic, openai-compatible). */
  llmTimeoutMs?: number;
  /** Scratch folder for the Claude Agent SDK child's HOME and CLAUDE_CONFIG_DIR. */
  scratchDir: string;
}

/**
 * What decides how a driver's personas behave, for the tick's simulator
 * fingerprint: its model, a hash of its prompt templates (the same for every
 * persona of one build: the templates, not a persona's filled-in prompt) and
 * its policy's version (the offline policy; null for model drivers).
 */
export interface SimulatorDescription {
  model: string | null;
  /** 16 hex digits (`shortHash` in @mana/core), or null. */
  promptHash: string | null;
  policyVersion: string | null;
}

/** One LLM (or offline) driver: lives a day, then rates it in character. */
export interface PersonaDriver {
  readonly name: 'offline' | 'claude-agent-sdk' | 'anthropic' | 'openai-compatible';
  readonly model: string;
  /**
   * The driver's simulator for the tick of a day (its `now`: a policy may
   * switch at an instant), for the tick's fingerprint. Optional: a driver
   * without it reports null prompt hash and policy version.
   */
  describe?(day?: Pick<DayContext, 'now'>): SimulatorDescription;
  runDay(ctx: DayContext): Promise<DayResult>;
  rateDay(ctx: DayContext, day: DayResult): Promise<RatingResult>;
  /** Releases pooled resources at shutdown. */
  close?(): Promise<void>;
}
