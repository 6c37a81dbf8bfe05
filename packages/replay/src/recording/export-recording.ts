import {
  RECORDING_FORMAT,
  RECORDING_VERSION,
  recordingHeader,
  recordingSurface,
  recordingTick,
  tickRecord,
  type Recording,
  type RecordingStep,
  type RecordingSurface,
  type RecordingTick,
} from '@mana/contracts';
import { toIso, type Database } from '@mana/db';
import { personaRefs, resolvePersonas } from './persona-refs';
import { selectActions, selectPersonas, selectSurfaces, selectTicks, type PersonaRow, type TickRow } from './queries';

/** What to export: ticks that started in `[since, until)`, of these personas (refs or e-mails; all when absent). */
export interface ExportInput {
  since: Date;
  until: Date;
  personas?: readonly string[];
}

/** The recording and what was left out of it. */
export interface ExportResult {
  recording: Recording;
  skipped: {
    /** Finished ticks of the window without a stored record (retention removed it, or none was sent). */
    noRecord: number;
    /** Ticks whose stored record is not readable as the current record version. */
    unreadable: number;
  };
  /** Surface hashes the ticks carry with no stored tools/list copy: exported with `surfaceHash: null`. */
  missingSurfaces: string[];
}

/** jsonb arrives parsed (node-postgres, PGlite) or as text. */
const json = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

/**
 * Exports the personas' recorded days as a recording: per persona (by ref) their
 * finished ticks of the window in time order, each with its persona's definition,
 * simulator fingerprint and the day's record as stored (redacted), its calls
 * enriched from their action rows. Reads only; the same database and input give
 * the same recording. An unknown persona is a VALIDATION error.
 */
export async function exportRecording(database: Database, input: ExportInput): Promise<ExportResult> {
  const personas = await selectPersonas(database);
  const refs = personaRefs(personas.map((p) => p.email));
  const chosen = input.personas ? resolvePersonas(input.personas, refs) : undefined;
  const ordered = personas.filter((p) => !chosen || chosen.has(p.email)).sort((a, b) => compare(refs.get(a.email)!, refs.get(b.email)!));

  const skipped = { noRecord: 0, unreadable: 0 };
  const drafts: { persona: PersonaRow; tick: TickRow; steps: unknown[]; termination: string; truncated: boolean }[] = [];
  for (const persona of ordered) {
    for (const tick of await selectTicks(database, persona.user_id, input.since, input.until)) {
      if (tick.record === null) {
        skipped.noRecord++;
        continue;
      }
      const record = tickRecord.safeParse(json(tick.record));
      if (!record.success) {
        skipped.unreadable++;
        continue;
      }
      drafts.push({ persona, tick, steps: record.data.entries, termination: record.data.termination, truncated: record.data.truncated });
    }
  }

  const actions = await selectActions(
    database,
    drafts.map((d) => d.tick.id),
  );
  const byCall = new Map(actions.map((a) => [`${a.tick_id}\u0000${a.call_id}`, a]));
  const hashes = [...new Set(drafts.map((d) => d.tick.surface_hash).filter((h): h is string => h !== null))].sort(compare);
  const surfaces: RecordingSurface[] = (await selectSurfaces(database, hashes)).map((s) => recordingSurface.parse({ hash: s.hash, tools: json(s.tools) }));
  const stored = new Set(surfaces.map((s) => s.hash));

  const ticks: RecordingTick[] = drafts.map(({ persona, tick, steps, termination, truncated }) =>
    recordingTick.parse({
      type: 'tick',
      tickId: tick.id,
      persona: { ref: refs.get(persona.email), definition: definitionOf(persona) },
      slot: tick.slot,
      startedAt: toIso(tick.started_at),
      finishedAt: toIso(tick.finished_at),
      status: tick.status,
      fingerprint: {
        driver: tick.driver,
        model: tick.model,
        promptHash: tick.prompt_hash,
        policyVersion: tick.policy_version,
        simulatorKey: tick.simulator_key,
        surfaceHash: tick.surface_hash !== null && stored.has(tick.surface_hash) ? tick.surface_hash : null,
      },
      termination,
      truncated,
      steps: steps.map((step) => enrich(step as RecordingStep, tick.id, byCall)),
    }),
  );

  const header = recordingHeader.parse({
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    product: 'mana',
    span: { since: input.since.toISOString(), until: input.until.toISOString() },
    personas: new Set(ticks.map((t) => t.persona.ref)).size,
    ticks: ticks.length,
    calls: ticks.reduce((n, t) => n + t.steps.filter((s) => s.type === 'call').length, 0),
    surfaces,
    filters: chosen ? { personas: [...chosen].map((email) => refs.get(email)!).sort(compare) } : {},
  });
  return { recording: { header, ticks }, skipped, missingSurfaces: hashes.filter((h) => !stored.has(h)) };
}

/** Code-unit order, the same on every machine and locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function definitionOf(p: PersonaRow) {
  return {
    name: p.name,
    archetype: p.archetype,
    systemPrompt: p.system_prompt,
    moduleMix: json(p.module_mix),
    tickCadence: p.tick_cadence,
    timeZone: p.time_zone,
    locale: p.locale,
  };
}

/** A call gets its action row's handler time and empty flag (null without a row); other steps pass as they are. */
function enrich(step: RecordingStep, tickId: string, byCall: Map<string, { handler_ms: number | string | null; empty_result: boolean | null }>): unknown {
  if (step.type !== 'call') return step;
  const action = byCall.get(`${tickId}\u0000${step.callId}`);
  const handlerMs = action?.handler_ms;
  return { ...step, handlerMs: handlerMs === null || handlerMs === undefined ? null : Number(handlerMs), emptyResult: action?.empty_result ?? null };
}
