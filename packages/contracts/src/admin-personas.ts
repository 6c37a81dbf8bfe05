import { z } from 'zod';
import { moduleMix, tickCadence } from './persona';
import { adminTick } from './admin-ticks';
import { actionResult, tickStatus } from './ticks';

/** `PUT /api/v1/admin/personas` (body: `personaDefinition`): create or update by e-mail, idempotent. */
export const adminPersonaUpsertResponse = z.object({ userId: z.string(), email: z.string(), created: z.boolean() });
export type AdminPersonaUpsertResponse = z.infer<typeof adminPersonaUpsertResponse>;

/** `GET /api/v1/admin/personas?limit&offset&q`: `q` matches name, e-mail or archetype (case-insensitive substring). */
export const adminPersonaListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  q: z.string().trim().max(100).optional(),
});

/** One persona in the admin list, with its last seven days. */
export const adminPersonaSummary = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  archetype: z.string(),
  tickCadence,
  timeZone: z.string(),
  locale: z.string(),
  lastActiveAt: z.string().nullable(),
  actions7d: z.number().int(),
  /** Mean of the rated rows only (parse errors never count); null when nothing was rated. */
  averageRating7d: z.number().nullable(),
  ratings7d: z.number().int(),
  lastTickStatus: tickStatus.nullable(),
});
export type AdminPersonaSummary = z.infer<typeof adminPersonaSummary>;
export const adminPersonaListResponse = z.object({ personas: z.array(adminPersonaSummary), total: z.number().int() });
export type AdminPersonaListResponse = z.infer<typeof adminPersonaListResponse>;

/** `GET /api/v1/admin/personas/:id` */
export const adminPersonaDetail = z.object({
  persona: adminPersonaSummary.extend({ systemPrompt: z.string(), moduleMix }),
  actions: z.array(
    z.object({
      id: z.string(),
      tickId: z.string(),
      toolName: z.string(),
      module: z.string(),
      result: actionResult,
      errorMessage: z.string().nullable(),
      latencyMs: z.number().int().nullable(),
      createdAt: z.string(),
    }),
  ),
  modules: z.array(z.object({ module: z.string(), averageRating: z.number().nullable(), ratings: z.number().int(), parseErrors: z.number().int() })),
  /** Its latest ticks: the admin tick row without what the detail does not show. */
  ticks: z.array(adminTick.omit({ personaId: true, createdAt: true, recordError: true })),
});
export type AdminPersonaDetail = z.infer<typeof adminPersonaDetail>;

/** `DELETE /api/v1/admin/personas/:id` */
export const adminPersonaDeleteResponse = z.object({ deleted: z.literal(true), userId: z.string() });
