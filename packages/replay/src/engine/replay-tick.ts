import type { RecordingCall, RecordingTick } from '@mana/contracts';
import { compareCall, type CallFinding, type LatencyThreshold } from './compare';
import type { IdMap } from './id-map';
import { openReplaySession, type ReplayedCall, type ReplaySession } from './mcp-session';
import { readOutput } from './partial-json';
import type { SurfaceCheck } from './surface';
import { sideText, type FoundDifference, type Tally } from './tally';
import type { ReplayTarget } from './target';

/** A replayed persona: its new e-mail, and the ids its recorded days got, remapped. */
export interface ReplayPersona {
  ref: string;
  email: string;
  timeZone: string;
  ids: IdMap;
}

/** What one replayed call looked like, for observers (tests, a verbose log). */
export interface ReplayedStep {
  tick: RecordingTick;
  step: number;
  call: RecordingCall;
  /** The arguments as sent (ids remapped). */
  args: unknown;
  replayed: ReplayedCall;
}

export interface TickDeps {
  target: ReplayTarget;
  surface: SurfaceCheck;
  tally: Tally;
  latency: LatencyThreshold;
  timeoutMs: number;
  /** Tools whose `surface` difference was already reported (one per tool and run). */
  surfaceReported: Set<string>;
  onCall?: (step: ReplayedStep) => void;
}

/**
 * A tick is a cassette when an LLM lived it: its calls are only meaningful while
 * the model saw the same results. A tick of the offline policy (or of unknown
 * driver, recorded before fingerprints) is replayed call by call to the end.
 */
export function isCassette(tick: RecordingTick): boolean {
  return tick.fingerprint.driver !== null && tick.fingerprint.driver !== 'offline';
}

/**
 * Replays one recorded tick: logs the persona in at the first call's instant,
 * opens an MCP session, and re-issues each recorded call at its recorded
 * instant with ids remapped, comparing each result with the recording. A
 * cassette stops at its first non-equivalent call (`diverged`, with the step).
 */
export async function replayTick(deps: TickDeps, persona: ReplayPersona, tick: RecordingTick): Promise<void> {
  const { tally, target } = deps;
  const calls = tick.steps.filter((s): s is RecordingCall => s.type === 'call');
  tally.add('ticks');
  for (const call of calls) tally.call(call.toolName);
  if (calls.length === 0) return;

  const cassette = isCassette(tick);
  const where = (call: RecordingCall, step: number) => ({
    tool: call.toolName,
    persona: persona.ref,
    tickId: tick.tickId,
    slot: tick.slot,
    step,
    callId: call.callId,
    at: call.at,
  });
  const recordedSide = (call: RecordingCall) => ({
    result: call.result,
    text: sideText(call.result === 'ok' ? (call.output ?? '') : (call.error ?? '')),
    ...(call.handlerMs !== null ? { handlerMs: call.handlerMs } : {}),
  });
  /** A cassette cannot go on: the rest of its calls are not sent. */
  const diverge = (index: number, why: string) => {
    const call = calls[index];
    tally.difference({ kind: 'diverged', ...where(call, index + 1), detail: `the cassette stops at step ${index + 1} (${call.toolName}): ${why}` });
    tally.add('divergedTicks');
    for (const rest of calls.slice(index + 1)) tally.skipped(rest.toolName);
  };

  target.setClock(new Date(calls[0].at));
  let session: ReplaySession | undefined;
  let sessionError: string | undefined;
  try {
    const login = await target.login(persona.email);
    session = await openReplaySession(target.mcpUrl, sessionHeaders(login, persona.timeZone), deps.timeoutMs);
  } catch (error) {
    sessionError = `the persona's MCP session could not be opened: ${error instanceof Error ? error.message : String(error)}`;
  }

  try {
    for (let index = 0; index < calls.length; index++) {
      const call = calls[index];
      const step = index + 1;
      const recorded = call.result === 'ok' ? readOutput(call.output) : undefined;
      if (recorded?.cut) {
        tally.add('cutOutputs');
        persona.ids.noteCut();
      }
      const skip = (found: Omit<FoundDifference, keyof ReturnType<typeof where>>): boolean => {
        tally.skipped(call.toolName);
        tally.difference({ ...where(call, step), ...found });
        if (recorded) persona.ids.remember(recorded.value);
        if (cassette) diverge(index, found.detail);
        return cassette;
      };

      const standing = deps.surface.standing(call.toolName, tick.fingerprint.surfaceHash);
      if (standing.kind !== 'same' && !deps.surfaceReported.has(call.toolName)) {
        deps.surfaceReported.add(call.toolName);
        tally.difference({
          kind: 'surface',
          ...where(call, step),
          detail: standing.kind === 'gone' ? `${call.toolName} is no longer in tools/list` : `${call.toolName}: ${standing.detail}`,
        });
      }
      if (standing.kind === 'gone') {
        tally.skipped(call.toolName);
        if (recorded) persona.ids.remember(recorded.value);
        if (cassette) {
          diverge(index, `${call.toolName} is no longer in tools/list`);
          return;
        }
        continue;
      }
      if (call.argumentsCut) {
        if (skip({ kind: 'unreplayable', arguments: call.arguments, recorded: recordedSide(call), detail: 'the arguments were cut in the record (over 4,000 characters)' })) return;
        continue;
      }
      const remapped = persona.ids.remap(call.arguments ?? {});
      if (remapped.unmapped.length) {
        const first = remapped.unmapped[0];
        const detail = `${first.path || 'the argument'} = ${first.value}: ${first.reason}${remapped.unmapped.length > 1 ? ` (and ${remapped.unmapped.length - 1} more)` : ''}`;
        if (skip({ kind: 'unreplayable', arguments: call.arguments, recorded: recordedSide(call), detail })) return;
        continue;
      }
      tally.add('remappedIds', remapped.remapped);

      target.setClock(new Date(call.at));
      // Without a session the call is not sent, but still compared as what the persona got: a failure (ok→error for a recorded success).
      const replayed: ReplayedCall = session ? await session.call(call.toolName, remapped.args as Record<string, unknown>) : { ok: false, text: sessionError ?? 'no session' };
      if (session) tally.replayed(call.toolName);
      else tally.skipped(call.toolName);
      deps.onCall?.({ tick, step, call, args: remapped.args, replayed });

      if (recorded && replayed.ok) persona.ids.learn(recorded.value, replayed.value);
      else if (recorded) persona.ids.remember(recorded.value);

      const findings: CallFinding[] = replayed.schemaViolation
        ? [{ kind: 'shape', detail: `the result does not fit ${call.toolName}'s output schema: ${replayed.text}` }]
        : compareCall(
            { result: call.result, value: recorded?.value, error: call.error, handlerMs: call.handlerMs ?? undefined, cut: recorded?.cut },
            { result: replayed.ok ? 'ok' : 'error', value: replayed.value, error: replayed.text, handlerMs: replayed.handlerMs },
            deps.latency,
          );
      if (call.handlerMs != null && replayed.handlerMs !== undefined) {
        tally.timing(
          {
            ...where(call, step),
            arguments: remapped.args,
            recorded: recordedSide(call),
            replayed: { result: replayed.ok ? 'ok' : 'error', text: sideText(replayed.text), handlerMs: replayed.handlerMs },
          },
          call.handlerMs,
          replayed.handlerMs,
        );
      }
      for (const finding of findings.filter((f) => f.kind !== 'latency')) {
        tally.difference({
          ...where(call, step),
          kind: finding.kind,
          detail: finding.detail,
          arguments: remapped.args,
          recorded: recordedSide(call),
          replayed: { result: replayed.ok ? 'ok' : 'error', text: sideText(replayed.text), ...(replayed.handlerMs !== undefined ? { handlerMs: replayed.handlerMs } : {}) },
        });
      }
      const breaking = findings.find((f) => f.kind !== 'latency');
      if (cassette && breaking) {
        diverge(index, `the model saw a different result (${breaking.kind}: ${breaking.detail})`);
        return;
      }
    }
  } finally {
    await session?.close();
  }
}

/** The headers a persona's MCP requests carry (as the runner sends them). */
function sessionHeaders(login: { accessToken: string; spaceId: string }, timeZone: string): Record<string, string> {
  return { Authorization: `Bearer ${login.accessToken}`, 'X-Mana-Space': login.spaceId, 'X-Mana-Time-Zone': timeZone };
}
