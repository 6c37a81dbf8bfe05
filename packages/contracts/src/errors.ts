import { z } from 'zod';

/** The error body every HTTP edge of the system answers with. */
export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
