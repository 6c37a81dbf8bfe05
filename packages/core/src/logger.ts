/**
 * The services' logger: pino behind a small interface (message first, fields
 * second), so call sites do not depend on pino. JSON lines on stderr;
 * `pino-pretty` on an interactive terminal outside production. Errors are
 * serialised with type, message and stack; fields never overwrite `level`,
 * `time`, `msg` or `service`; secrets are redacted by path and e-mail
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
}

export interface LoggerOptions {
  /** Minimum level; default `LOG_LEVEL` or `info`. */
  level?: string;
  base?: Record<string, unknown>;
  /** Where JSON lines go (tests capture them); default stderr. */
  destination?: DestinationStream;
  /** Show e-mail addresses; default `LOG_PII=1`. Development only. */
  pii?: boolean;
  /** Human-readable lines; default: stderr is a terminal and NODE_ENV is not production. */
  pretty?: boolean;
}

const LEVELS = new Set(['debug', 'info', 'warn', 'error', 'silent']);

/** Secret-bearing keys, at the top level and one level down (pino's redaction paths). */
const SECRET_KEYS = ['authorization', 'Authorization', 'cookie', 'password', 'token', 'accessToken', 'refreshToken', 'idToken', 'apiKey', 'serviceKey', 'secret', 'anthropicApiKey', 'openaiApiKey', 'personaSeedSecret', '"x-service-key"', '"X-Service-Key"'];
export const REDACTED_PATHS = SECRET_KEYS.flatMap((key) => {
  const access = key.startsWith('"') ? `[${key}]` : `.${key}`;
  return [key.startsWith('"') ? `[${key}]` : key, `*${access}`, `headers${access}`, `*.headers${access}`];
});

const localRequire = createRequire(import.meta.url);

/** Creates a service's root logger. */
export function createLogger(service: string, options: LoggerOptions = {}): Logger {
  const requested = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const level = LEVELS.has(requested) ? requested : 'info';
  const pii = options.pii ?? process.env.LOG_PII === '1';
  const pretty = options.pretty ?? (!options.destination && process.stderr.isTTY === true && process.env.NODE_ENV !== 'production');
  const destination = options.destination ?? (pretty ? prettyStream() : pino.destination({ dest: 2, sync: true }));
  const root = pino(
    {
      level,
      base: null,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      mixin: () => {
        const context = currentRequestContext();
        return context ? { requestId: context.requestId } : {};
      },
    },
    destination,
  );
  return wrap(root, { ...(options.base ? scrubFields(options.base, pii) : {}), service }, pii);
}

function prettyStream(): DestinationStream {
  const pretty = localRequire('pino-pretty') as (options: Record<string, unknown>) => DestinationStream;
  return pretty({ destination: 2, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
}

/**
 * Every logger is a child of the root with all its bindings, so a child may name
 * its own `service` (the all-in-one start names each service's logger) without
 * writing the key twice.
 */
function wrap(root: PinoLogger, bindings: Record<string, unknown>, pii: boolean): Logger {
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
    child: ({ service, ...fields }) => wrap(root, { ...bindings, ...scrubFields(fields, pii), ...(typeof service === 'string' ? { service } : {}) }, pii),
  };
}
