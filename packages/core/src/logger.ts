/** Minimal structured logger: one JSON line per event on stderr. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

function resolveLevel(level?: string): LogLevel {
  const candidate = (level ?? process.env.LOG_LEVEL ?? 'info') as LogLevel;
  return candidate in rank ? candidate : 'info';
}

/** Creates a logger for one service; `LOG_LEVEL` (or `level`) filters, `silent` mutes. */
export function createLogger(service: string, options: { level?: string; base?: Record<string, unknown> } = {}): Logger {
  const min = rank[resolveLevel(options.level)];
  const base = { service, ...options.base };
  const write = (level: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>) => {
    if (rank[level] < min) return;
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, ...base, msg, ...fields })}\n`);
  };
  return {
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    child: (fields) => createLogger(service, { level: options.level, base: { ...options.base, ...fields } }),
  };
}
