import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '@mana/core';
import { hashInput } from './input-hash';

describe('hashInput', () => {
  it('ignores key order at every depth', () => {
    expect(hashInput({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'z' } })).toBe(hashInput({ a: { c: 'z', d: [1, { x: 1, y: 2 }] }, b: 1 }));
  });

  it('is the sha256 hex of the canonical JSON', () => {
    expect(canonicalJson({ b: 1, a: undefined, c: [undefined] })).toBe('{"b":1,"c":[null]}');
    expect(hashInput({ title: 'x' })).toBe(createHash('sha256').update('{"title":"x"}').digest('hex'));
  });

  it('tells different inputs apart and treats a missing input as {}', () => {
    expect(hashInput({ a: 1 })).not.toBe(hashInput({ a: '1' }));
    expect(hashInput(undefined)).toBe(hashInput({}));
  });
});
