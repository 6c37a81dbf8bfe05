import { errorCodeForStatus } from '@mana/core';

/**
 * Re-shapes a Better Auth error answer (`{code, message}` or empty) into ours,
 * keeping its status and putting Better Auth's own code under `details.authCode`.
 * Success answers pass through untouched.
 */
export async function reshapeAuthError(response: Response): Promise<Response> {
  if (response.status < 400) return response;
  const text = await response.text();
  let message = response.statusText || `HTTP ${response.status}`;
  let authCode: string | undefined;
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown };
    if (typeof body.message === 'string' && body.message) message = body.message;
    if (typeof body.code === 'string') authCode = body.code;
  } catch {
    if (text && text.length < 200) message = text;
  }
  const headers = new Headers(response.headers);
  headers.set('content-type', 'application/json');
  headers.delete('content-length');
  const error = { code: errorCodeForStatus(response.status), message, ...(authCode ? { details: { authCode } } : {}) };
  return new Response(JSON.stringify({ error }), { status: response.status, headers });
}
