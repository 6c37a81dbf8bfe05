import { z } from 'zod';
import { storableString } from './text';

export const userKindSchema = z.enum(['human', 'persona', 'system']);
export type UserKind = z.infer<typeof userKindSchema>;

/** `POST /api/v1/auth/login` body. */
export const loginRequest = z.object({ email: storableString().email().max(254), password: storableString().min(1).max(256) }).strict();
export type LoginRequest = z.infer<typeof loginRequest>;

/** `POST /api/v1/auth/login` answer: a short-lived JWT (audience `mana`) and the personal space. */
export const loginResponse = z.object({
  accessToken: z.string(),
  expiresAt: z.string().datetime({ offset: true }),
  user: z.object({ id: z.string(), email: z.string(), kind: userKindSchema }),
  personalSpaceId: z.string(),
});
export type LoginResponse = z.infer<typeof loginResponse>;

/** The JWT audience every service checks. */
export const JWT_AUDIENCE = 'mana';
