import { toErrorResponse, type ErrorCode } from '@mana/core';

/** JSON-RPC error numbers for refusals that happen before a message reaches MCP. */
const rpcCodeByError: Record<ErrorCode, number> = {
  VALIDATION: -32600,
  UNAUTHORIZED: -32001,
  FORBIDDEN: -32003,
  NOT_FOUND: -32004,
  CONFLICT: -32000,
  PAYLOAD_TOO_LARGE: -32600,
  RATE_LIMITED: -32000,
  UNAVAILABLE: -32000,
  INTERNAL: -32603,
};

/**
 * The HTTP edge's error mapping: any thrown value becomes the status of
 * `toErrorResponse` and a JSON-RPC error body (what MCP clients parse), with
 * our error code in `error.data.code`. Unknown errors never leak their message.
 */
export function jsonRpcErrorResponse(error: unknown, overrides: { rpcCode?: number } = {}): Response {
  const { status, body } = toErrorResponse(error);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (status === 401) headers['www-authenticate'] = 'Bearer error="invalid_token"';
  // The unread rest of an oversized body makes the connection unusable: tell the client not to reuse it.
  if (status === 413) headers.connection = 'close';
  const payload = {
    jsonrpc: '2.0',
    id: null,
    error: { code: overrides.rpcCode ?? rpcCodeByError[body.error.code], message: body.error.message, data: { code: body.error.code } },
  };
  return new Response(JSON.stringify(payload), { status, headers });
}
