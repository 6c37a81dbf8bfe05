import type { Logger } from '@mana/core';

/** Why a session ended; the `reason` label of `mana_mcp_sessions_closed_total`. */
export type CloseReason = 'deleted' | 'idle' | 'revoked' | 'shutdown' | 'transport';

/** One MCP session, bound for its whole life to the user and space that opened it. */
export interface McpSession {
  id: string;
  userId: string;
  spaceId: string;
  lastSeenMs: number;
  /** When membership of the space was last confirmed in the database. */
  memberCheckedMs: number;
  /** Hands one HTTP request of this session to its MCP transport. */
  handle(request: Request): Promise<Response>;
  /** Closes the session's transport and server; idempotent. */
  close(): Promise<void>;
}

/** The open sessions of one mana-mcp process. */
export interface SessionStore {
  get(id: string): McpSession | undefined;
  add(session: McpSession): void;
  /** Marks a session as used now, postponing its idle expiry. */
  touch(session: McpSession): void;
  /** Closes one session (e.g. its user lost access to the space). */
  close(id: string, reason: CloseReason): Promise<void>;
  /** Forgets a session its transport already closed (DELETE or connection end). */
  forget(id: string, reason: CloseReason): void;
  size(): number;
  /** Open sessions of one user. */
  countFor(userId: string): number;
  /** Closes every session idle for longer than the idle limit; returns how many. */
  sweep(): Promise<number>;
  closeAll(): Promise<void>;
}

/**
 * In-memory session registry with idle expiry. The clock is injected so tests
 * can expire sessions without waiting; the app runs `sweep` on an interval.
 */
export function createSessionStore(options: { idleMs: number; nowMs: () => number; log: Logger; onClosed: (reason: CloseReason) => void }): SessionStore {
  const sessions = new Map<string, McpSession>();

  const end = async (session: McpSession, reason: CloseReason) => {
    if (!sessions.delete(session.id)) return;
    options.onClosed(reason);
    options.log.info('mcp session closed', { sessionId: session.id, userId: session.userId, reason });
    await session.close().catch((error: unknown) => options.log.warn('closing mcp session failed', { sessionId: session.id, error: String(error) }));
  };

  return {
    get: (id) => sessions.get(id),
    add(session) {
      sessions.set(session.id, session);
      options.log.info('mcp session opened', { sessionId: session.id, userId: session.userId, spaceId: session.spaceId });
    },
    touch(session) {
      session.lastSeenMs = options.nowMs();
    },
    async close(id, reason) {
      const session = sessions.get(id);
      if (session) await end(session, reason);
    },
    forget(id, reason) {
      const session = sessions.get(id);
      if (!session || !sessions.delete(id)) return;
      options.onClosed(reason);
      options.log.info('mcp session closed', { sessionId: id, userId: session.userId, reason });
    },
    size: () => sessions.size,
    countFor: (userId) => [...sessions.values()].filter((session) => session.userId === userId).length,
    async sweep() {
      const cutoff = options.nowMs() - options.idleMs;
      const idle = [...sessions.values()].filter((session) => session.lastSeenMs <= cutoff);
      await Promise.all(idle.map((session) => end(session, 'idle')));
      return idle.length;
    },
    async closeAll() {
      await Promise.all([...sessions.values()].map((session) => end(session, 'shutdown')));
    },
  };
}
