/** What a redacted secret is replaced by. */
export const REDACTED = '[redacted]';

/** Keys whose values are secrets whatever they look like. */
const SECRET_KEY = /pass(word|wd|phrase)?$|secret|token|api[-_]?key|authori[sz]ation|cookie|service[-_]?key|credential|private[-_]?key|^auth$|x-service-key/i;

/**
 * `auth` names a credential in one place (`{auth: 'user:pass'}`, an HTTP
 * client's option) and a service in another (`{auth: 'http://127.0.0.1:3001'}`,
 * mana-auth's URL in the start banner): under it a URL without user
 * information is not a secret. Any other value under it still is.
 */
const SERVICE_NAMED_KEY = /^auth$/i;

/** An http(s) URL that carries no user name or password (`https://user:pass@host` does). */
function isPlainUrl(value: unknown): boolean {
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/**
 * True when the value under `key` is to be redacted for what the key names
 * (password, token, api key, authorization, cookie, service key, …, in any
 * letter case), given the value when there is one: records and log lines
 * redact it. `auth` holding a plain URL is a service's address, not a secret.
 */
export function isSecretKey(key: string, value?: unknown): boolean {
  return SECRET_KEY.test(key) && !(SERVICE_NAMED_KEY.test(key) && isPlainUrl(value));
}

/**
 * Values that look like secrets wherever they appear in text: bearer tokens,
 * JWTs, provider API keys (Anthropic, OpenAI, GitHub, Slack, AWS) and
 * `password=…` / `"token": "…"` pairs in free text. Each replacement keeps the
 * prefix that says what it was.
 */
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [/\bsk-(ant-)?[A-Za-z0-9_-]{16,}/g, REDACTED],
  [/\b(ghp|gho|ghs|ghu|github_pat)_[A-Za-z0-9_]{16,}/g, REDACTED],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/g, REDACTED],
  [/\bAKIA[0-9A-Z]{16}\b/g, REDACTED],
  [/(["']?(?:pass(?:word|wd|phrase)?|secret|token|api[-_]?key|apikey|service[-_]?key|x-service-key)["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;&}]+)/gi, `$1${REDACTED}`],
];

/** Replaces secrets in one string: the known secret values first (longest first), then the patterns. */
export function redactText(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const secret of [...known].filter((s) => s.length >= 6).sort((a, b) => b.length - a.length)) out = out.split(secret).join(REDACTED);
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * A copy of a JSON-like value with secrets removed: every value under a key
 * that names a secret (password, token, api key, authorization, cookie,
 * service key, …) becomes `[redacted]`, and every string is passed through
 * `redactText` (known values, bearer tokens, JWTs, API keys, `key=value`
 * pairs). Used for the day's record before it is sent and again before it
 * is stored.
 */
export function redactSecrets<T>(value: T, known: readonly string[] = []): T {
  return walk(value, known, 0) as T;
}

function walk(value: unknown, known: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return redactText(value, known);
  if (value === null || typeof value !== 'object' || depth > 64) return value;
  if (Array.isArray(value)) return value.map((item) => walk(item, known, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretKey(key, item) && item !== null && item !== undefined && typeof item !== 'boolean' ? REDACTED : walk(item, known, depth + 1);
  }
  return out;
}
