import type { TickCadence } from '@mana/contracts';
import type { Database } from '@mana/db';

/** One persona inserted straight into the tables (tests and benchmarks; real personas come through the admin API). */
export interface FixturePersona {
  id: string;
  cadence: TickCadence;
  timeZone: string;
  moduleMix?: Record<string, number>;
}

/** Inserts persona users and persona rows with plain SQL, for scheduling tests that need no sign-up. */
export async function insertPersonas(database: Database, personas: FixturePersona[]): Promise<void> {
  const rows = personas.map((p) => ({
    id: p.id,
    email: `persona.${p.id.toLowerCase()}@fixture.test`,
    cadence: p.cadence,
    tz: p.timeZone,
    mix: p.moduleMix ?? { spaces: 1 },
  }));
  const json = JSON.stringify(rows);
  await database.query(
    `insert into users (id, name, email, email_verified, kind)
     select r.id, r.id, r.email, true, 'persona' from jsonb_to_recordset($1::jsonb) as r(id text, email text)`,
    [json],
  );
  await database.query(
    `insert into personas (user_id, archetype, system_prompt, module_mix, tick_cadence, time_zone, locale)
     select r.id, 'fixture', 'Du bist eine Test-Persona.', r.mix, r.cadence, r.tz, 'de-DE'
     from jsonb_to_recordset($1::jsonb) as r(id text, cadence text, tz text, mix jsonb)`,
    [json],
  );
}

const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Asia/Kolkata', 'Australia/Sydney', 'UTC'];

/**
 * Bulk-inserts `count` personas with `generate_series` (ids `<prefix>000001`...),
 * cadences and time zones spread round-robin. Used for the 1,000-persona claim
 * test and the 100k benchmark.
 */
export async function insertPersonaPopulation(database: Database, prefix: string, count: number, cadences: TickCadence[] = ['hourly', 'daily', 'weekdays']): Promise<void> {
  const zones = `array[${ZONES.map((z) => `'${z}'`).join(',')}]`;
  const cads = `array[${cadences.map((c) => `'${c}'`).join(',')}]`;
  await database.query(
    `insert into users (id, name, email, email_verified, kind)
     select $1 || lpad(i::text, 6, '0'), 'Persona ' || i, 'persona.' || lower($1) || i || '@bulk.test', true, 'persona'
     from generate_series(1, $2::int) as i`,
    [prefix, count],
  );
  await database.query(
    `insert into personas (user_id, archetype, system_prompt, module_mix, tick_cadence, time_zone, locale)
     select $1 || lpad(i::text, 6, '0'), 'bulk', 'Du bist eine Test-Persona.', '{"spaces": 1}'::jsonb,
            (${cads})[1 + i % ${cadences.length}], (${zones})[1 + i % ${ZONES.length}], 'de-DE'
     from generate_series(1, $2::int) as i`,
    [prefix, count],
  );
}
