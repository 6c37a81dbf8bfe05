import { z } from 'zod';
import { storableString } from './text';

/** How often a persona lives a day in the app. */
export const tickCadence = z.enum(['hourly', 'daily', 'weekdays']);
export type TickCadence = z.infer<typeof tickCadence>;

/** IANA time zone name, checked against the runtime's tz database. */
export const timeZone = storableString()
  .min(1)
  .max(64)
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must be an IANA time zone such as Europe/Berlin' },
  );

/** BCP 47 locale such as `de-DE`. */
export const locale = storableString().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a locale such as de-DE');

/**
 * Module id -> weight. Module ids are checked against the tool registry where
 * the registry is available (admin API, catalogue validator), not here.
 */
export const moduleMix = z
  .record(storableString().regex(/^[a-z][a-z0-9-]{0,31}$/), z.number().positive().max(100))
  .refine((mix) => Object.keys(mix).length > 0, { message: 'needs at least one module' });
export type ModuleMix = z.infer<typeof moduleMix>;

/** What the runner needs to know to play a persona (the `/due` and `/claim` persona shape). */
export const personaProfile = z.object({
  userId: z.string(),
  email: z.string().email(),
  name: z.string(),
  archetype: z.string(),
  systemPrompt: z.string(),
  moduleMix,
  tickCadence,
  timeZone: z.string(),
  locale: z.string(),
  lastActiveAt: z.string().datetime({ offset: true }).nullable(),
});
export type PersonaProfile = z.infer<typeof personaProfile>;

/** One persona as written in the catalogue and accepted by the admin upsert. */
export const personaDefinition = z
  .object({
    // Not blank: a sign-up refuses a name of only spaces (issue 24 §5), and the catalogue's JSON Schema says so (pattern).
    name: storableString().min(1).max(100).regex(/\S/, 'must not be blank'),
    email: storableString().email().max(254),
    archetype: storableString().regex(/^[a-z][a-z0-9-]{1,40}$/, 'kebab-case archetype such as adhd-student'),
    systemPrompt: storableString().min(40).max(20_000),
    moduleMix,
    tickCadence,
    timeZone,
    locale,
  })
  .strict();
export type PersonaDefinition = z.infer<typeof personaDefinition>;
