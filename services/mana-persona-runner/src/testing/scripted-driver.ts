import type { DayContext, DayResult, PersonaDriver, RatingResult, RecordedAction } from '../drivers/driver';
import { hashInput } from '../drivers/input-hash';

/** What a scripted persona does in its day. */
export interface Script {
  /** Tool calls to record (real registry tool names, no MCP traffic). Default 2. */
  calls?: number;
  /** Wait before each call, honouring the signal. Default 0. */
  stepMs?: number;
  /**
   * Wait for this before call number `gateAt`, honouring the signal: a test holds the day open
   * (its tick claimed, its session running) for as long as it needs, not for a guessed time.
   */
  gate?: Promise<unknown>;
  /** Calls made before the day waits for `gate`. Default 0. */
  gateAt?: number;
  /** Throw this from runDay after the calls. */
  fail?: string;
  /** Ignore the abort signal and never return (a broken driver). */
  hang?: boolean;
  /** Fail the rating turn. */
  failRating?: string;
  costUsd?: number;
  /** Report every call under this module (a driver that disagrees with the registry, which mana-auth refuses). */
  module?: string;
}

/** Everything the scripted driver saw, for assertions. */
export interface ScriptLog {
  started: { email: string; at: number; mcp: DayContext['mcp'] }[];
  finished: { email: string; at: number; termination: DayResult['termination'] }[];
  aborted: string[];
  /** Personas whose day reached its gate (and waits there until the test opens it). */
  held: string[];
}

const TOOLS = ['todo_create', 'todo_list', 'notes_create'];

/** The scripted driver's policy version in each tick's fingerprint. */
export const SCRIPTED_POLICY_VERSION = 'scripted-v1';

/**
 * A tiny PersonaDriver for loop tests: scripted per persona e-mail, deterministic,
 * no LLM and no MCP calls (so the runner lists the tick's surface itself). The real
 * drivers are tested with the real MCP server.
 */
export function createScriptedDriver(scriptOf: (email: string) => Script = () => ({})): PersonaDriver & { log: ScriptLog } {
  const log: ScriptLog = { started: [], finished: [], aborted: [], held: [] };
  return {
    name: 'offline',
    model: 'scripted-test-driver',
    log,
    describe: () => ({ model: 'scripted-test-driver', promptHash: null, policyVersion: SCRIPTED_POLICY_VERSION }),
    async runDay(ctx: DayContext): Promise<DayResult> {
      const script = scriptOf(ctx.persona.email);
      log.started.push({ email: ctx.persona.email, at: performance.now(), mcp: ctx.mcp });
      if (script.hang) return new Promise<DayResult>(() => undefined);
      const actions: RecordedAction[] = [];
      let termination: DayResult['termination'] = 'completed';
      for (let i = 0; i < (script.calls ?? 2); i++) {
        const atGate = script.gate !== undefined && i === (script.gateAt ?? 0);
        if (atGate) log.held.push(ctx.persona.email);
        if ((atGate && !(await waitFor(script.gate!, ctx.signal))) || !(await sleep(script.stepMs ?? 0, ctx.signal))) {
          termination = 'aborted';
          log.aborted.push(ctx.persona.email);
          break;
        }
        const toolName = TOOLS[i % TOOLS.length];
        const input = { title: `${ctx.seed}-${i}` };
        const action: RecordedAction = {
          callId: `call-${i}`,
          toolName,
          module: script.module ?? ctx.moduleOf(toolName),
          input,
          inputHash: hashInput(input),
          result: i % 5 === 4 ? 'error' : 'ok',
          latencyMs: 3,
        };
        if (action.result === 'error') action.errorMessage = 'scripted failure';
        actions.push(action);
        ctx.onAction?.(action);
      }
      if (script.fail) throw new Error(script.fail);
      log.finished.push({ email: ctx.persona.email, at: performance.now(), termination });
      return { actions, summary: 'scripted day', usage: { inputTokens: 100, outputTokens: 20, costUsd: script.costUsd ?? 0 }, model: 'scripted-test-driver', termination };
    },
    async rateDay(ctx: DayContext, day: DayResult): Promise<RatingResult> {
      const script = scriptOf(ctx.persona.email);
      if (script.failRating) throw new Error(script.failRating);
      const modules = [...new Set(day.actions.map((a) => a.module))];
      return {
        ratings: modules.map((module) => ({ module, rating: 4, notes: `used ${module}`, status: 'rated' })),
        usage: { inputTokens: 10, outputTokens: 5, costUsd: 0 },
        raw: '{}',
      };
    },
  };
}

/** Resolves true once `gate` settles, or false as soon as the signal fires. */
function waitFor(gate: Promise<unknown>, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
    const open = () => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    };
    gate.then(open, open);
  });
}

/** Resolves true after `ms`, or false as soon as the signal fires. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
