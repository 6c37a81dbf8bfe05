import { z } from 'zod';
import { personaDefinition } from './persona';
import { simulatorFingerprint, toolSurface, type ToolSurface } from './simulator';
import { storableString } from './text';
import { recordCall, recordCut, recordMessage, recordRating } from './tick-record';
import { finalTickStatus } from './ticks';

/**
 * The portable recording (version 1): the personas' recorded days as JSON Lines,
 * written by `npm run record:export` and read by `npm run replay`. Line 1 is the
 * header (`recordingHeader`), then one line per tick (`recordingTick`), ordered by
 * persona then time. Redacted as the day's record is; the same input gives the same
 * bytes (no export time). Documented in docs/recording.md, JSON Schema in
 * docs/recording.schema.json (`recordingJsonSchema`).
 */
export const RECORDING_FORMAT = 'mana-personas-recording';
export const RECORDING_VERSION = 1;

const instant = z.iso.datetime({ offset: true });

/** One distinct tools/list the recorded ticks saw, under its hash: the stored surface (`toolSurface`, one row of `tool_surfaces`). */
export const recordingSurface = toolSurface;
export type RecordingSurface = ToolSurface;

/** Line 1: what the file holds. Counts let a reader tell a whole file from a truncated one. */
export const recordingHeader = z
  .object({
    format: z.literal(RECORDING_FORMAT),
    version: z.literal(RECORDING_VERSION),
    product: z.literal('mana'),
    /** The export's window: ticks that started in `[since, until)`. */
    span: z.object({ since: instant, until: instant }).strict(),
    personas: z.number().int().min(0),
    ticks: z.number().int().min(0),
    calls: z.number().int().min(0),
    /** The tools/list copies the recorded ticks saw (sorted by hash); empty when no tick carries a surface hash. */
    surfaces: z.array(recordingSurface),
    /** What the export was asked for: `personas` are persona refs, sorted. */
    filters: z.object({ personas: z.array(z.string()).optional() }).strict(),
  })
  .strict();
export type RecordingHeader = z.infer<typeof recordingHeader>;

/**
 * A recorded persona: `ref` is a stable, non-secret name for it in the file (the
 * local part of its e-mail, such as `persona.anna`; the whole e-mail only where two
 * exported personas share a local part); `definition` re-creates it (no e-mail).
 */
export const recordingPersona = z
  .object({
    ref: storableString().min(1).max(254),
    definition: personaDefinition.omit({ email: true }),
  })
  .strict();
export type RecordingPersona = z.infer<typeof recordingPersona>;

/**
 * The simulator fingerprint of a recorded tick (`persona_ticks`): any field is null
 * when the runner that lived the tick did not send it (ticks before migration 0011).
 */
export const recordingFingerprint = z
  .object({
    driver: z.string().nullable(),
    model: z.string().nullable(),
    promptHash: simulatorFingerprint.shape.promptHash,
    policyVersion: simulatorFingerprint.shape.policyVersion,
    /** mana-auth's key over driver, model, prompt hash and policy version (`simulatorKeyOf`). */
    simulatorKey: z.string().nullable(),
    /** One of the header's `surfaces`. */
    surfaceHash: simulatorFingerprint.shape.surfaceHash,
  })
  .strict();
export type RecordingFingerprint = z.infer<typeof recordingFingerprint>;

/**
 * A recorded call: the day's record's call with what its action row adds — the app's
 * own time (`handlerMs`, null when the server did not report it) and whether a read
 * came back empty (`emptyResult`, null for writes, errors, or no action row).
 */
export const recordingCall = recordCall
  .extend({
    handlerMs: z.number().min(0).nullable(),
    emptyResult: z.boolean().nullable(),
  })
  .strict();
export type RecordingCall = z.infer<typeof recordingCall>;

/** One step of a recorded day, in the order it happened (the record's entries, calls enriched). */
export const recordingStep = z.discriminatedUnion('type', [recordMessage, recordingCall, recordRating, recordCut]);
export type RecordingStep = z.infer<typeof recordingStep>;

/** One line per recorded tick. */
export const recordingTick = z
  .object({
    type: z.literal('tick'),
    tickId: z.string().min(1),
    persona: recordingPersona,
    slot: z.string().min(1),
    startedAt: instant,
    finishedAt: instant.nullable(),
    status: finalTickStatus,
    fingerprint: recordingFingerprint,
    /** How the day ended (the record's `termination`: `completed`, `max_turns`, `timeout`, `error`, …). */
    termination: z.string(),
    /** True when the record's size cap cut steps (a `cut` step marks where). */
    truncated: z.boolean(),
    steps: z.array(recordingStep),
  })
  .strict();
export type RecordingTick = z.infer<typeof recordingTick>;

/** Any line of a recording: the header or a tick. */
export const recordingLine = z.union([recordingHeader, recordingTick]);

/** A whole recording as read (header and ticks, in file order). */
export interface Recording {
  header: RecordingHeader;
  ticks: RecordingTick[];
}

/** A recording that cannot be read: `line` is 1-based (0 for the file as a whole). */
export class RecordingError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(line > 0 ? `recording line ${line}: ${message}` : `recording: ${message}`);
    this.name = 'RecordingError';
  }
}

function parseJsonLine(text: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RecordingError(line, `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function issues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`)
    .join('; ');
}

/**
 * Reads the header line: another format, or another version than this build reads,
 * is said so before any field is checked.
 */
export function readRecordingHeader(value: unknown): RecordingHeader {
  const head = (value ?? {}) as { format?: unknown; version?: unknown };
  if (typeof value !== 'object' || head.format !== RECORDING_FORMAT)
    throw new RecordingError(1, `not a Mana personas recording (format ${JSON.stringify(head.format)}, expected "${RECORDING_FORMAT}")`);
  if (head.version !== RECORDING_VERSION)
    throw new RecordingError(1, `unsupported recording version ${JSON.stringify(head.version)}: this build reads version ${RECORDING_VERSION}`);
  const parsed = recordingHeader.safeParse(value);
  if (!parsed.success) throw new RecordingError(1, `bad header: ${issues(parsed.error)}`);
  return parsed.data;
}

/**
 * Reads a whole recording (the text of a .jsonl file) and checks it against its
 * header: the tick and call counts (a truncated file is refused), the persona count,
 * and that every tick's surface hash has its tools/list in the header.
 * Throws `RecordingError` naming the line.
 */
export function readRecording(text: string): Recording {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length === 0) throw new RecordingError(0, 'the file is empty');
  const header = readRecordingHeader(parseJsonLine(lines[0], 1));
  const ticks: RecordingTick[] = [];
  for (let i = 1; i < lines.length; i++) {
    const parsed = recordingTick.safeParse(parseJsonLine(lines[i], i + 1));
    if (!parsed.success) throw new RecordingError(i + 1, `bad tick: ${issues(parsed.error)}`);
    ticks.push(parsed.data);
  }
  if (ticks.length !== header.ticks) throw new RecordingError(0, `the header announces ${header.ticks} ticks, the file holds ${ticks.length} (truncated?)`);
  const calls = ticks.reduce((n, t) => n + t.steps.filter((s) => s.type === 'call').length, 0);
  if (calls !== header.calls) throw new RecordingError(0, `the header announces ${header.calls} calls, the ticks hold ${calls}`);
  const personas = new Set(ticks.map((t) => t.persona.ref)).size;
  if (personas !== header.personas) throw new RecordingError(0, `the header announces ${header.personas} personas, the ticks hold ${personas}`);
  const surfaces = new Set(header.surfaces.map((s) => s.hash));
  ticks.forEach((t, i) => {
    const hash = t.fingerprint.surfaceHash;
    if (hash !== null && !surfaces.has(hash)) throw new RecordingError(i + 2, `surface ${hash} is not in the header's surfaces`);
  });
  return { header, ticks };
}

/** The JSON Schema of one recording line (header or tick), generated from these contracts; committed as docs/recording.schema.json. */
export function recordingJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(recordingLine, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    title: `${RECORDING_FORMAT} version ${RECORDING_VERSION}: one line (the header on line 1, a tick on every other line)`,
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}
