import { randomUUID } from 'node:crypto';
import { REPLAY_RESULT_VERSION, type PersonaDefinition, type Recording, type RecordingTick, type ReplayResult } from '@mana/contracts';
import { AppError } from '@mana/core';
import { manaRegistry, type ToolRegistry } from '@mana/tools';
import { storeReplayRun } from '../store/replay-runs';
import { createIdMap } from './id-map';
import { openReplaySession } from './mcp-session';
import { planReplay, type ReplayOptions } from './options';
import { replayTick, type ReplayPersona, type TickDeps } from './replay-tick';
import { createSurfaceCheck, type SurfaceTool } from './surface';
import { createTally } from './tally';
import { connectRemoteTarget, startInProcessTarget, type ReplayTarget } from './target';

/**
 * Replays a recording against this checkout (in-process, on a virtual clock) or
 * against running services, and returns the `replayResult`: every recorded
 * persona gets a fresh persona and space, its ticks are replayed in recorded
 * order (all ticks by their start, so the clock only moves forward), each call
 * at its recorded instant with ids remapped, and compared with its recording.
 * Throws `AppError('VALIDATION')` before anything starts for bad options or a
 * recording of another product's tools.
 *
 * Decisions where the issue is silent:
 * - In-process, only mana-auth and mana-mcp start (the replay is the driver; no
 *   runner, no report schedule); a persona is created through the persona verb
 *   (`upsertPersona`) a minute before its first recorded tick, under a new e-mail
 *   `replay-<run>-<ref>@replay.mana.local`; modules of its mix this build no
 *   longer has are dropped (a note says so). Each tick logs in afresh (its JWT
 *   would have expired on the virtual clock) and opens its own MCP session.
 * - The current tools/list is read once, through a throw-away persona's session.
 * - A tick of unknown driver (recorded before fingerprints) is replayed like an
 *   offline one: call by call to the end, not as a cassette.
 * - An error whose text class changed is a `shape` difference; a call of a tool
 *   that is gone is not sent (one `surface` difference per tool, the calls
 *   counted as skipped); `surface` compares input and output schemas only.
 * - Personas are deleted at the end where the database outlives the run
 *   (PostgreSQL, a remote target) unless `keepPersonas`; the run is stored in
 *   `replay_runs` by default on PostgreSQL.
 */
export async function replay(options: ReplayOptions): Promise<ReplayResult> {
  const plan = planReplay(options);
  const registry = options.registry ?? manaRegistry;
  const env = options.env ?? process.env;
  checkProduct(options.recording, registry);
  const startedAt = new Date();
  const runId = randomUUID();
  const target = options.remote
    ? await connectRemoteTarget({ ...options.remote, env })
    : await startInProcessTarget({ database: options.database, env, registry: options.registry, faults: options.faults, log: options.log });
  try {
    const tally = createTally(plan.allow, plan.latency);
    const current = await currentSurface(target, options.recording, runId, registry, plan.timeoutMs);
    const deps: TickDeps = {
      target,
      surface: createSurfaceCheck(options.recording.header.surfaces, current),
      tally,
      latency: plan.latency,
      timeoutMs: plan.timeoutMs,
      surfaceReported: new Set(),
      onCall: options.onCall,
    };
    const notes = await playAll(deps, options, registry, runId);
    // Personas are removed where the database outlives the run (PostgreSQL, a remote target): a runner there would play them.
    if (!options.keepPersonas && (target.kind === 'remote' || target.database?.kind === 'postgres')) await target.removePersonas();
    const summary = tally.summary();
    const { header, ticks } = options.recording;
    const result: ReplayResult = {
      version: REPLAY_RESULT_VERSION,
      id: runId,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      target: {
        kind: target.kind,
        ...(target.kind === 'remote' ? { mcpUrl: target.mcpUrl, authUrl: target.authUrl } : {}),
        virtualClock: target.virtualClock,
        ...(target.database ? { database: target.database.kind } : {}),
      },
      recording: {
        format: header.format,
        version: header.version,
        source: header.product,
        from: header.span.since,
        until: header.span.until,
        personas: header.personas,
        ticks: ticks.length,
        calls: header.calls,
      },
      settings: { latencyRatio: plan.latency.ratio, latencyMinMs: plan.latency.minMs, allow: plan.allow, liveAfterDivergence: false },
      totals: { personas: new Set(ticks.map((t) => t.persona.ref)).size, ...summary.totals },
      byKind: summary.byKind,
      tools: summary.tools,
      differences: summary.differences,
      differencesOmitted: summary.differencesOmitted,
      notes: [...notes, ...resultNotes(target, options.recording, summary.totals.cutOutputs)],
      exitCode: summary.exitCode,
    };
    // Against a database that outlives the run (PostgreSQL), the run is kept for the dashboard.
    if (target.database && (options.store ?? target.database.kind === 'postgres')) await storeReplayRun(target.database, result);
    return result;
  } finally {
    await target.close();
  }
}

/** Every tick in recorded order, each persona created at its first tick; returns notes on what was adjusted. */
async function playAll(deps: TickDeps, options: ReplayOptions, registry: ToolRegistry, runId: string): Promise<string[]> {
  const { recording } = options;
  const notes: string[] = [];
  const ordered = recording.ticks.map((tick, i) => ({ tick, i })).sort((a, b) => a.tick.startedAt.localeCompare(b.tick.startedAt) || a.i - b.i);
  const lastTickOf = new Map<string, number>();
  ordered.forEach(({ tick }, n) => lastTickOf.set(tick.persona.ref, n));
  const personas = new Map<string, ReplayPersona & { ticks: number; calls: number; differences: number }>();
  let callsDone = 0;
  for (let n = 0; n < ordered.length; n++) {
    const { tick } = ordered[n];
    let persona = personas.get(tick.persona.ref);
    if (!persona) {
      const created = await createPersona(deps.target, tick, registry, runId, notes);
      persona = { ...created, ticks: 0, calls: 0, differences: 0 };
      personas.set(tick.persona.ref, persona);
    }
    const before = deps.tally.differences();
    await replayTick(deps, persona, tick);
    persona.differences += deps.tally.differences() - before;
    const calls = tick.steps.filter((s) => s.type === 'call').length;
    persona.ticks++;
    persona.calls += calls;
    callsDone += calls;
    options.onTick?.({ ticksDone: n + 1, ticks: ordered.length, callsDone, differences: deps.tally.differences() });
    if (lastTickOf.get(tick.persona.ref) === n) {
      options.onPersona?.({
        ref: persona.ref,
        ticks: persona.ticks,
        calls: persona.calls,
        differences: persona.differences,
        personasDone: [...lastTickOf.values()].filter((last) => last <= n).length,
        personas: lastTickOf.size,
      });
    }
  }
  return notes;
}

/** A fresh persona for a recorded one: its recorded definition under a new e-mail, created just before its first tick. */
async function createPersona(target: ReplayTarget, tick: RecordingTick, registry: ToolRegistry, runId: string, notes: string[]): Promise<ReplayPersona> {
  const { ref, definition } = tick.persona;
  const email = `replay-${runId.slice(0, 8)}-${ref
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .slice(0, 80)}@replay.mana.local`;
  const known = Object.entries(definition.moduleMix).filter(([module]) => registry.hasModule(module));
  if (known.length < Object.keys(definition.moduleMix).length) {
    const gone = Object.keys(definition.moduleMix).filter((module) => !registry.hasModule(module));
    notes.push(`Persona ${ref}: module(s) ${gone.join(', ')} of its mix no longer exist; it was created without them.`);
  }
  const moduleMix = Object.fromEntries(known.length ? known : [[registry.moduleIds()[0], 1]]);
  const persona: PersonaDefinition = { ...definition, moduleMix, email };
  target.setClock(new Date(new Date(tick.startedAt).getTime() - 60_000));
  await target.createPersona(persona);
  return { ref, email, timeZone: definition.timeZone, ids: createIdMap() };
}

/**
 * The current tools/list, read once through a persona's own MCP session (a
 * throw-away persona created for it, with the recording's first definition).
 */
async function currentSurface(target: ReplayTarget, recording: Recording, runId: string, registry: ToolRegistry, timeoutMs: number): Promise<SurfaceTool[]> {
  const first = recording.ticks[0];
  if (!first) return [];
  const probe = await createPersona(target, { ...first, persona: { ...first.persona, ref: 'surface-probe' } }, registry, runId, []);
  const login = await target.login(probe.email);
  const session = await openReplaySession(target.mcpUrl, { Authorization: `Bearer ${login.accessToken}`, 'X-Mana-Space': login.spaceId }, timeoutMs);
  try {
    return session.tools;
  } finally {
    await session.close();
  }
}

/** A recording of another product: none of its tools is a tool of this one. Refused before anything starts. */
function checkProduct(recording: Recording, registry: ToolRegistry): void {
  const recorded = new Set(recording.ticks.flatMap((t) => t.steps.filter((s) => s.type === 'call').map((s) => s.toolName)));
  for (const surface of recording.header.surfaces) for (const tool of surface.tools) recorded.add(tool.name);
  if (recorded.size === 0) return;
  if ([...recorded].some((name) => registry.tool(name))) return;
  const names = [...recorded].sort().slice(0, 8).join(', ');
  throw new AppError('VALIDATION', `this recording is of another product: none of its tools (${names}${recorded.size > 8 ? ', …' : ''}) is a tool of this build`);
}

function resultNotes(target: ReplayTarget, recording: Recording, cutOutputs: number): string[] {
  const notes: string[] = [];
  if (!target.virtualClock) {
    notes.push(
      `Replayed against running services (${target.mcpUrl}) without a virtual clock: date-dependent tools (birthdays, "today") saw the target's own date, not the recorded one.`,
    );
  }
  if (cutOutputs > 0) notes.push(`${cutOutputs} recorded result(s) were cut at 2,000 characters: they were compared (and their ids remapped) as far as they could be read.`);
  const withoutSurface = recording.ticks.filter((t) => t.fingerprint.surfaceHash === null).length;
  if (withoutSurface > 0)
    notes.push(`${withoutSurface} tick(s) carry no surface hash (recorded before fingerprints): for them only removed tools were checked, not changed schemas.`);
  const truncated = recording.ticks.filter((t) => t.truncated).length;
  if (truncated > 0) notes.push(`${truncated} tick(s) were cut by the record's size cap: only the calls before the cut were replayed.`);
  return notes;
}
