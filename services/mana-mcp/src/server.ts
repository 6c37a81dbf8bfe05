import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { closeThenExit, createLogger, startTracing, type Logger, type Tracing } from '@mana/core';
import { JWT_AUDIENCE } from '@mana/contracts';
import { createDatabase, type Database } from '@mana/db';
import { manaRegistry, type ToolRegistry } from '@mana/tools';
import { createMcpApp, type McpApp } from './app';
import { createJwtVerifier, type TokenVerifier } from './auth/jwt-verifier';
import { cacheVerifiedTokens } from './auth/token-cache';
import { loadMcpConfig, type McpConfig } from './config';
import type { FaultDice } from './faults/fault-dice';

/** Anything not given is built from the config: database, registry, logger, clock, verifier. */
export interface StartMcpOptions {
  config?: McpConfig;
  database?: Database;
  registry?: ToolRegistry;
  log?: Logger;
  now?: () => Date;
  verifier?: TokenVerifier;
  /** Fault dice (tests); see `McpDeps.random`. */
  random?: FaultDice;
  /** Run the idle sweeper on an interval (default true). */
  sweep?: boolean;
  /** Default: from the config (OTLP export when OTEL_EXPORTER_OTLP_ENDPOINT is set, else off). */
  tracing?: Tracing;
}

/** A listening mana-mcp. */
export interface RunningMcpServer {
  /** Base URL, e.g. `http://127.0.0.1:3069`; the endpoint is `${url}/mcp`. */
  url: string;
  mcp: McpApp;
  /** Closes sessions, the listener, and the database if this call opened it. */
  close(): Promise<void>;
}

/**
 * Starts mana-mcp on `config.port` (0 picks a free port). A database passed in
 * is shared (the all-in-one start gives mana-auth and mana-mcp the same PGlite)
 * and left open on close; one opened here is closed.
 */
export async function startMcpServer(options: StartMcpOptions = {}): Promise<RunningMcpServer> {
  const config = options.config ?? loadMcpConfig();
  const log = options.log ?? createLogger('mana-mcp');
  const now = options.now ?? (() => new Date());
  const database =
    options.database ??
    (await createDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolMax, preparedStatements: config.databasePreparedStatements, log }));
  const verifier =
    options.verifier ??
    cacheVerifiedTokens(createJwtVerifier({ jwksUrl: config.jwksUrl, issuer: config.issuer, audience: JWT_AUDIENCE, cooldownMs: config.jwksCooldownMs, now }), {
      ttlMs: config.tokenCacheMs,
      nowMs: () => now().getTime(),
    });
  const tracing = options.tracing ?? (await startTracing(config.tracing, 'mana-mcp'));
  const mcp = createMcpApp({ config, database, registry: options.registry ?? manaRegistry, log, now, verifier, random: options.random, sweep: options.sweep, tracing });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const listening = serve({ fetch: mcp.app.fetch, port: config.port, hostname: config.host }, () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log.info('mana-mcp listening', { url: `${url}/mcp`, database: database.kind, authUrl: config.authUrl });
  return {
    url,
    mcp,
    async close() {
      await mcp.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      if (!options.database) await database.close();
      if (!options.tracing) await tracing.shutdown();
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const running = await startMcpServer();
  const stop = () => closeThenExit(() => running.close());
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
