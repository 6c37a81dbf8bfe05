/** Longest slug a personal space gets (suffix included). */
export const MAX_SLUG_LENGTH = 30;

/**
 * Slugs no personal space may take: they would shadow routes or read as
 * official (`/admin`, `/api`, ...). A local part that equals one gets a suffix.
 */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'admin',
  'administrator',
  'api',
  'app',
  'apps',
  'auth',
  'login',
  'logout',
  'signin',
  'signup',
  'register',
  'www',
  'mail',
  'settings',
  'account',
  'accounts',
  'billing',
  'help',
  'support',
  'status',
  'health',
  'metrics',
  'root',
  'system',
  'mana',
  'persona',
  'personas',
  'internal',
  'static',
  'assets',
  'docs',
  'about',
  'new',
  'me',
  'space',
  'spaces',
  'org',
  'orgs',
  'organization',
  'organizations',
  'team',
  'teams',
  'user',
  'users',
  'null',
  'undefined',
]);

/**
 * The base slug for an e-mail: its local part lowercased, decomposed (NFKD) with
 * the combining marks dropped ("müller" -> "muller"), runs of anything but
 * `[a-z0-9]` turned into one `-`, trimmed of `-`, at most 30 characters.
 * An empty result becomes `space`.
 */
export function baseSlugFromEmail(email: string): string {
  const local = email.trim().toLowerCase().split('@')[0] ?? '';
  const cleaned = local
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, '');
  return cleaned || 'space';
}

/**
 * The `n`-th candidate for a base slug: the base itself for n = 1 (unless
 * reserved), then `base-2`, `base-3`, ... with the base cut so the whole slug
 * stays within 30 characters.
 */
export function slugCandidate(base: string, n: number): string | undefined {
  if (n === 1) return RESERVED_SLUGS.has(base) ? undefined : base;
  const suffix = `-${n}`;
  const head = base.slice(0, MAX_SLUG_LENGTH - suffix.length).replace(/-+$/, '');
  return `${head}${suffix}`;
}

/** True when `slug` is a valid personal-space slug. */
export function isValidSlug(slug: string): boolean {
  return slug.length > 0 && slug.length <= MAX_SLUG_LENGTH && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) && !RESERVED_SLUGS.has(slug);
}
