import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createAdaptorServer } from '@hono/node-server';
import { createLogger, exitAfterLogs, startTracing, type Logger, type Tracing } from '@mana/core';
import { loadRunnerConfig, type RunnerConfig } from './config';
import type { PersonaDriver } from './drivers/driver';
import { createDriver } from './drivers/create-driver';
import { createRunner, type Runner } from './runner';

export interface StartRunnerOptions {
  /** Defaults to `loadRunnerConfig(process.env)`. */
  config?: RunnerConfig;
  /** Defaults to the configured driver from `createDriver`. */
  driver?: PersonaDriver;
  log?: Logger;
  now?: () => Date;
  /** Start the loop right away (default true). */
  startLoop?: boolean;
  /** Default: from the config (OTLP export when OTEL_EXPORTER_OTLP_ENDPOINT is set, else off). */
  tracing?: Tracing;
}

/** A listening runner. */
export interface RunningRunner {
  url: string;
  port: number;
  runner: Runner;
  /** Drains in-flight sessions up to the deadline, aborts the rest, closes the port. */
  shutdown(deadlineMs?: number): Promise<{ drained: boolean }>;
  /** Same as `shutdown()` with the configured deadline. */
  close(): Promise<void>;
}

/** Builds the runner, listens on its port and starts the loop (first pass at once). */
export async function startRunner(options: StartRunnerOptions = {}): Promise<RunningRunner> {
  const config = options.config ?? loadRunnerConfig();
  const log = options.log ?? createLogger('mana-persona-runner');
  const driver = options.driver ?? (await createDriver(config.driver, { log }));
  const tracing = options.tracing ?? (await startTracing(config.tracing, 'mana-persona-runner'));
  const runner = createRunner({ config, driver, log, now: options.now, tracing });
  const server = createAdaptorServer({ fetch: runner.app.fetch }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host}:${port}`;
  log.info('mana-persona-runner listening', { url, driver: driver.name, model: driver.model, concurrency: config.concurrency, intervalMs: config.passIntervalMs });
  if (options.startLoop !== false) runner.start();

  let stopping: Promise<{ drained: boolean }> | undefined;
  const shutdown = (deadlineMs?: number) => {
    stopping ??= (async () => {
      const result = await runner.shutdown(deadlineMs);
      if (!options.tracing) await tracing.shutdown();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return result;
    })();
    return stopping;
  };
  return { url, port, runner, shutdown, close: async () => void (await shutdown()) };
}

/** Run directly: `tsx services/mana-persona-runner/src/server.ts`. SIGTERM/SIGINT drain, then exit 0. */
async function main(): Promise<void> {
  const log = createLogger('mana-persona-runner');
  const running = await startRunner({ log });
  const onSignal = (signal: NodeJS.Signals) => {
    log.info('shutting down', { signal, deadlineMs: running.runner.deps.config.shutdownDeadlineMs });
    void running.shutdown().then(
      ({ drained }) => {
        log.info('stopped', { drained });
        void exitAfterLogs(0);
      },
      (error: unknown) => {
        log.error('shutdown failed', { error: (error as Error).message });
        void exitAfterLogs(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`mana-persona-runner failed to start: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
