/**
 * The services' logger: pino behind a small interface (message first, fields
 * second), so call sites do not depend on pino. JSON lines on stderr, written
 * asynchronously through one buffer per process (see `stderrStream`);
 * `pino-pretty` on an interactive terminal outside production. Errors are
 * serialised with type, message and stack; fields never overwrite `level`,
 * `time`, `msg` or `service`; secrets are redacted by key (`isSecretKey`) and e-mail
 * addresses become a stable short hash unless `LOG_PII=1`.
 */
import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { currentRequestContext } from './request-context';
import { scrubFields, scrubText, withoutStatementParams } from './log-scrub';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
  /**
   * True when the lines go to a person at a terminal (pretty output): lines
   * written for every request (`routineLevel`) are `debug` there, and a
   * component may word its progress for reading rather than for a parser.
   */
  readonly interactive?: boolean;
}

/**
 * The level of a line written for every request or session (access lines,
 * sessions opened): `info` in JSON lines, where a collector keeps them; `debug`
 * on a terminal, where dozens a second would bury what a person wants to see.
 */
export function routineLevel(log: Logger): 'debug' | 'info' {
  return log.interactive ? 'debug' : 'info';
}

export interface LoggerOptions {
  /** Minimum level; default `LOG_LEVEL` or `info`. */
  level?: string;
  base?: Record<string, unknown>;
  /** Where JSON lines go (tests capture them); default stderr. */
  destination?: DestinationStream;
  /** Show e-mail addresses; default `LOG_PII=1`. Development only. */
  pii?: boolean;
  /** Human-readable lines (the logger is `interactive`); default: stderr is a terminal and NODE_ENV is not production. */
  pretty?: boolean;
}

const LEVELS = new Set(['debug', 'info', 'warn', 'error', 'silent']);

const localRequire = createRequire(import.meta.url);

/** Creates a service's root logger. */
export function createLogger(service: string, options: LoggerOptions = {}): Logger {
  const requested = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const level = LEVELS.has(requested) ? requested : 'info';
  const pii = options.pii ?? process.env.LOG_PII === '1';
  const pretty = options.pretty ?? (!options.destination && process.stderr.isTTY === true && process.env.NODE_ENV !== 'production');
  const destination = options.destination ?? (pretty ? prettyStream() : stderrStream());
  const root = pino(
    {
      level,
      base: null,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const context = currentRequestContext();
        return context ? { requestId: context.requestId } : {};
      },
    },
    destination,
  );
  return wrap(root, { ...(options.base ? scrubFields(options.base, pii) : {}), service }, pii, pretty);
}

/** Bytes of log lines a process holds while stderr is not being read; further lines are dropped (and counted). */
export const MAX_BUFFERED_LOG_BYTES = 8 * 1024 * 1024;
let stderr: ReturnType<typeof pino.destination> | undefined;
let dropped = 0;

/**
 * The process's one JSON-lines stream to stderr, shared by every logger (two
 * buffers writing to one pipe could interleave their lines). Asynchronous: a
 * line is appended to a buffer and written by libuv, together with the lines
 * that arrived while the previous write was under way (the stack's CPU per
 * warm persona-tick went 54.9 → 52.0 ms with it, docs/BENCHMARKS.md). A
 * synchronous write per line, when the reader of stderr stalled (a full pipe),
 * blocked the whole event loop in sonic-boom's EAGAIN retry — every request of
 * the service hung with it. Now a stalled reader costs at
 * most MAX_BUFFERED_LOG_BYTES of memory, then lines are dropped
 * (`droppedLogLines`). pino flushes the buffer synchronously on exit.
 */
function stderrStream(): DestinationStream {
  if (!stderr) {
    // On EAGAIN (the pipe is full) sonic-boom would retry on a timer with the chunk marked as being written, and an exit
    // in that window skips the chunk. Refused instead, the chunk stays first in line: the retry below (a write of
    // nothing starts the pending write), the next line or the exit's synchronous flush writes it. That flush (pino's,
    // on `exit`) must wait for the reader, so it is allowed to retry: this listener is put before it.
    let exiting = false;
    process.prependOnceListener('exit', () => {
      exiting = true;
    });
    const stream = pino.destination({ dest: 2, sync: false, maxLength: MAX_BUFFERED_LOG_BYTES, retryEAGAIN: () => exiting });
    stream.on('drop', () => {
      dropped += 1;
    });
    stream.on('error', (error: NodeJS.ErrnoException) => {
      // Anything but a full pipe means stderr is gone: there is nowhere left to report it.
      if (error.code === 'EAGAIN' || error.code === 'EBUSY') setTimeout(() => stream.write(''), 100).unref();
    });
    stderr = stream;
  }
  return stderr;
}

/**
 * Waits until the lines logged so far are written to stderr, at most
 * `timeoutMs` (a reader that has stopped reading does not hold it up longer).
 * A graceful stop calls it before `process.exit`: the exit's own synchronous
 * flush writes what is buffered, but not a chunk whose write is under way at
 * that moment, which could then land after the lines flushed behind it.
 */
async function flushLogs(timeoutMs = 2_000): Promise<void> {
  // sonic-boom's state: a write under way, and the bytes not yet written.
  const stream = stderr as unknown as { _writing: boolean; _len: number } | undefined;
  const deadline = performance.now() + timeoutMs;
  while (stream && (stream._writing || stream._len > 0) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Ends the process with `code` once its log lines are written (`flushLogs`): how every graceful stop exits. */
export async function exitAfterLogs(code: number): Promise<never> {
  await flushLogs();
  process.exit(code);
}

/**
 * A graceful stop: runs `close`, then exits 0 once the logs are written; a
 * close that rejects exits 1 with its reason on stderr, never as an unhandled
 * rejection.
 */
export function closeThenExit(close: () => Promise<unknown>): void {
  void close().then(
    () => exitAfterLogs(0),
    (error: unknown) => {
      process.stderr.write(`shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
      return exitAfterLogs(1);
    },
  );
}

/** Log lines this process dropped because stderr was not read fast enough (`mana_log_lines_dropped_total`). */
export function droppedLogLines(): number {
  return dropped;
}

function prettyStream(): DestinationStream {
  const pretty = localRequire('pino-pretty') as (options: Record<string, unknown>) => DestinationStream;
  // One line per entry: fields follow the message on its line instead of one indented line each.
  return pretty({ destination: 2, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true });
}

/**
 * Every logger is a child of the root with all its bindings, so a child may name
 * its own `service` (the all-in-one start names each service's logger) without
 * writing the key twice.
 */
function wrap(root: PinoLogger, bindings: Record<string, unknown>, pii: boolean, interactive: boolean): Logger {
  const log = root.child(bindings);
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (msg: string, fields?: Record<string, unknown>) => {
    if (!log.isLevelEnabled(level)) return;
    const text = pii ? withoutStatementParams(msg) : scrubText(msg);
    if (fields) log[level](scrubFields(fields, pii), text);
    else log[level](text);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    interactive,
    child: ({ service, ...fields }) => wrap(root, { ...bindings, ...scrubFields(fields, pii), ...(typeof service === 'string' ? { service } : {}) }, pii, interactive),
  };
}
