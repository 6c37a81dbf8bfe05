import { sql } from 'drizzle-orm';
import type { TickStatus } from '@mana/contracts';
import { rowsOf, textArray, type Database } from '@mana/db';

/**
 * The export's SQL, and only here: the personas (for refs and definitions), the
 * ticks of one persona in a window with their stored record, the action rows that
 * add handler time and the empty flag to the record's calls, and the surfaces.
 */

type Stamp = Date | string;

/** A persona with what re-creates it (its e-mail is read for the ref and never exported). */
export interface PersonaRow {
  user_id: string;
  email: string;
  name: string;
  archetype: string;
  system_prompt: string;
  module_mix: Record<string, number> | string;
  tick_cadence: string;
  time_zone: string;
  locale: string;
}

/** Every persona (refs are made over all of them, so a ref does not depend on the filter). */
export function selectPersonas(database: Database): Promise<PersonaRow[]> {
  return rowsOf<PersonaRow>(
    database.db,
    sql`select p.user_id, u.email, u.name, p.archetype, p.system_prompt, p.module_mix, p.tick_cadence, p.time_zone, p.locale
        from personas p join users u on u.id = p.user_id order by u.email`,
  );
}

/** A finished tick of the window with its fingerprint and its stored record (null when none is kept). */
export interface TickRow {
  id: string;
  slot: string;
  status: TickStatus;
  started_at: Stamp;
  finished_at: Stamp | null;
  driver: string | null;
  model: string | null;
  prompt_hash: string | null;
  policy_version: string | null;
  simulator_key: string | null;
  surface_hash: string | null;
  record: unknown;
}

/** A persona's finished ticks that started in `[since, until)`, oldest first. */
export function selectTicks(database: Database, personaId: string, since: Date, until: Date): Promise<TickRow[]> {
  return rowsOf<TickRow>(
    database.db,
    sql`select t.id, t.slot, t.status, t.started_at, t.finished_at, t.driver, t.model, t.prompt_hash, t.policy_version, t.simulator_key, t.surface_hash, r.record
        from persona_ticks t left join persona_tick_records r on r.tick_id = t.id
        where t.persona_id = ${personaId} and t.status in ('succeeded', 'failed')
          and t.started_at >= ${since.toISOString()}::timestamptz and t.started_at < ${until.toISOString()}::timestamptz
        order by t.started_at, t.id`,
  );
}

/** What an action row adds to a recorded call. */
export interface ActionRow {
  tick_id: string;
  call_id: string;
  handler_ms: number | string | null;
  empty_result: boolean | null;
}

/** The action rows of these ticks. */
export function selectActions(database: Database, tickIds: string[]): Promise<ActionRow[]> {
  if (tickIds.length === 0) return Promise.resolve([]);
  return rowsOf<ActionRow>(database.db, sql`select tick_id, call_id, handler_ms, empty_result from persona_actions where tick_id = any(${textArray(tickIds)})`);
}

/** The stored tools/list copies of these hashes. */
export function selectSurfaces(database: Database, hashes: string[]): Promise<{ hash: string; tools: unknown }[]> {
  if (hashes.length === 0) return Promise.resolve([]);
  return rowsOf<{ hash: string; tools: unknown }>(database.db, sql`select hash, tools from tool_surfaces where hash = any(${textArray(hashes)}) order by hash`);
}
