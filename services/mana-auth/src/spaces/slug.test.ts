import { describe, expect, it } from 'vitest';
import { baseSlugFromEmail, isValidSlug, MAX_SLUG_LENGTH, RESERVED_SLUGS, slugCandidate } from './slug';

describe('baseSlugFromEmail', () => {
  it('lowercases the local part and keeps only [a-z0-9-]', () => {
    expect(baseSlugFromEmail('Anna.Maria+test@Mana.test')).toBe('anna-maria-test');
    expect(baseSlugFromEmail('  __x__@y.z')).toBe('x');
  });

  it('drops combining marks instead of turning them into dashes (regression: "müller" became "mu-ller")', () => {
    expect(baseSlugFromEmail('müller@mana.test')).toBe('muller');
    expect(baseSlugFromEmail('jürgen@mana.test')).toBe('jurgen');
    expect(baseSlugFromEmail('Zoë.Ångström@mana.test')).toBe('zoe-angstrom');
    expect(baseSlugFromEmail('fiancé@mana.test')).toBe('fiance');
    expect(baseSlugFromEmail('ﬁle@mana.test')).toBe('file');
  });

  it('cuts to 30 characters without a trailing dash', () => {
    const slug = baseSlugFromEmail(`${'a'.repeat(29)}.bbbb@mana.test`);
    expect(slug).toBe('a'.repeat(29));
    expect(baseSlugFromEmail(`${'x'.repeat(80)}@mana.test`)).toHaveLength(MAX_SLUG_LENGTH);
  });

  it('falls back to "space" when nothing usable is left', () => {
    expect(baseSlugFromEmail('...@mana.test')).toBe('space');
  });
});

describe('slugCandidate', () => {
  it('numbers collisions -2, -3, ... and stays within 30 characters', () => {
    expect(slugCandidate('anna', 1)).toBe('anna');
    expect(slugCandidate('anna', 2)).toBe('anna-2');
    expect(slugCandidate('anna', 12)).toBe('anna-12');
    const long = 'b'.repeat(MAX_SLUG_LENGTH);
    expect(slugCandidate(long, 137)).toBe(`${'b'.repeat(26)}-137`);
    for (let n = 1; n < 200; n += 1) expect(isValidSlug(slugCandidate(long, n) ?? '')).toBe(true);
  });

  it('skips reserved words (the base itself is never used)', () => {
    for (const word of ['admin', 'api', 'app', 'auth', 'www', 'settings']) {
      expect(RESERVED_SLUGS.has(word)).toBe(true);
      expect(slugCandidate(word, 1)).toBeUndefined();
      expect(slugCandidate(word, 2)).toBe(`${word}-2`);
    }
  });
});

describe('isValidSlug', () => {
  it('accepts only lowercase alphanumerics joined by single dashes, non-reserved, ≤ 30', () => {
    expect(isValidSlug('anna-2')).toBe(true);
    expect(isValidSlug('Anna')).toBe(false);
    expect(isValidSlug('-anna')).toBe(false);
    expect(isValidSlug('an--na')).toBe(false);
    expect(isValidSlug('admin')).toBe(false);
    expect(isValidSlug('a'.repeat(31))).toBe(false);
  });
});
