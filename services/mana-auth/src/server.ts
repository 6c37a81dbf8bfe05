import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { closeThenExit, createLogger, startTracing, type Logger, type Tracing } from '@mana/core';
import { createDatabase, type Database } from '@mana/db';
import { manaRegistry } from '@mana/tools';
import { startRecordRetention } from '@mana/persona-store';
import { createApp, createAuthContext } from './app';
import { loadAuthConfig, type AuthConfig } from './config';
import type { AuthContext } from './deps';
import { startReportSchedule } from '@mana/insights';
import { scheduledReportDeps } from './report-schedule-deps';

export interface StartAuthServerOptions {
  /** Defaults to `loadAuthConfig(process.env)`. */
  config?: AuthConfig;
  /** Use this database instead of opening one from the config (it is not closed by `close()`). */
  database?: Database;
  log?: Logger;
  /** The clock for scheduling, token times and written rows (default: the wall clock; the simulation injects its own). */
  now?: () => Date;
  /** Default: from the config (OTLP export when OTEL_EXPORTER_OTLP_ENDPOINT is set, else off). */
  tracing?: Tracing;
}

export interface RunningAuthServer {
  /** Base URL the server listens on, e.g. `http://127.0.0.1:3001`. */
  url: string;
  config: AuthConfig;
  /** The running app's context (database, Better Auth instance), for the all-in-one start. */
  ctx: AuthContext;
  close(): Promise<void>;
}

/**
 * Opens the database (PostgreSQL when DATABASE_URL is set, PGlite otherwise;
 * migrations apply on open), builds the app and listens on `config.port`
 * (0 picks a free port). Starts the hourly record retention job and, unless
 * REPORT_CRON is off, the report schedule (findings and their webhook).
 */
export async function startAuthServer(options: StartAuthServerOptions = {}): Promise<RunningAuthServer> {
  const config = options.config ?? loadAuthConfig();
  const log = options.log ?? createLogger('mana-auth');
  const database =
    options.database ??
    (await createDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolMax, preparedStatements: config.databasePreparedStatements, log }));
  const tracing = options.tracing ?? (await startTracing(config.tracing, 'mana-auth'));
  const ctx = createAuthContext({ config, database, registry: manaRegistry, log, now: options.now ?? (() => new Date()), tracing });
  const app = createApp(ctx);
  const reportSchedule = config.report.cron ? startReportSchedule(scheduledReportDeps(ctx), { cron: config.report.cron, timeZone: config.report.timeZone }) : null;
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host}:${port}`;
  log.info('mana-auth listening', { url, database: database.kind, nextReport: reportSchedule?.nextRun()?.toISOString() ?? 'off' });
  const retention = startRecordRetention({ deps: ctx, days: config.recordRetentionDays, log });
  return {
    url,
    config,
    ctx,
    close: async () => {
      reportSchedule?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await retention.stop();
      if (!options.database) await database.close();
      if (!options.tracing) await tracing.shutdown();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const running = await startAuthServer();
  const stop = () => closeThenExit(() => running.close());
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
