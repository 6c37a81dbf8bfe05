import { z } from 'zod';
import { storableString } from './text';

export const userKindSchema = z.enum(['human', 'persona', 'system']);
export type UserKind = z.infer<typeof userKindSchema>;

/** `POST /api/v1/auth/login` body. */
export const loginRequest = z.object({ email: storableString().email().max(254), password: storableString().min(1).max(256) }).strict();
export type LoginRequest = z.infer<typeof loginRequest>;

/**
 * `POST /api/v1/auth/login` and `POST /api/v1/auth/refresh` answer: a short-lived JWT
 * (audience `mana`), the personal space, and the refresh token (a revocable session)
 * that renews the JWT without the password until `refreshExpiresAt`.
 */
export const loginResponse = z.object({
  accessToken: z.string(),
  expiresAt: z.string().datetime({ offset: true }),
  refreshToken: z.string(),
  refreshExpiresAt: z.string().datetime({ offset: true }),
  user: z.object({ id: z.string(), email: z.string(), kind: userKindSchema }),
  personalSpaceId: z.string(),
});
export type LoginResponse = z.infer<typeof loginResponse>;

/** `POST /api/v1/auth/refresh` body: the refresh token a login handed out. */
export const refreshRequest = z.object({ refreshToken: storableString().min(1).max(512) }).strict();
export type RefreshRequest = z.infer<typeof refreshRequest>;

/** The JWT audience every service checks. */
export const JWT_AUDIENCE = 'mana';
