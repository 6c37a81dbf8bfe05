import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, simulatorKeyOf, surfaceHashOf } from './canonical-hash';

const sha16 = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

describe('canonicalJson', () => {
  it('sorts keys at every depth, keeps array order, drops undefined members and nulls undefined array items', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson([undefined, 'x'])).toBe('[null,"x"]');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson('ä')).toBe('"ä"');
  });
});

describe('surfaceHashOf', () => {
  const a = { name: 'a_list', description: 'Lists a.', inputSchema: { type: 'object', properties: { q: { type: 'string' } } } };
  const b = { name: 'b_create', description: 'Creates b.', inputSchema: { type: 'object' }, annotations: { readOnlyHint: false } };

  it('is 16 hex digits of SHA-256 over the canonical JSON of the tools sorted by name', () => {
    expect(surfaceHashOf([b, a])).toBe(sha16(`[${canonicalJson(a)},${canonicalJson(b)}]`));
    expect(surfaceHashOf([b, a])).toMatch(/^[0-9a-f]{16}$/);
    expect(surfaceHashOf([])).toBe(sha16('[]'));
  });

  it('does not change with the listing order or key order, and changes with any description, schema or annotation', () => {
    const reordered = { inputSchema: { properties: { q: { type: 'string' } }, type: 'object' }, description: 'Lists a.', name: 'a_list' };
    expect(surfaceHashOf([a, b])).toBe(surfaceHashOf([b, reordered]));
    expect(surfaceHashOf([a, { ...b, description: 'Creates a b.' }])).not.toBe(surfaceHashOf([a, b]));
    expect(surfaceHashOf([a, { ...b, annotations: { readOnlyHint: true } }])).not.toBe(surfaceHashOf([a, b]));
    expect(surfaceHashOf([a, { ...b, outputSchema: { type: 'object' } }])).not.toBe(surfaceHashOf([a, b]));
    expect(surfaceHashOf([a])).not.toBe(surfaceHashOf([a, b]));
  });

  it('orders two tools of one name by their JSON, so a broken server listing a duplicate still hashes alike in any order', () => {
    const twin = { ...a, description: 'Lists a, again.' };
    expect(surfaceHashOf([twin, a, b])).toBe(surfaceHashOf([b, a, twin]));
  });
});

describe('simulatorKeyOf', () => {
  const offline = { driver: 'offline', model: 'offline-policy-v2', promptHash: '0123456789abcdef', policyVersion: 'offline-v2' };

  it('is 16 hex digits of SHA-256 over the canonical JSON of the four fields', () => {
    expect(simulatorKeyOf(offline)).toBe(sha16(canonicalJson(offline)));
  });

  it('keys an absent field as null, and changes with each field', () => {
    expect(simulatorKeyOf({ driver: 'anthropic', model: 'm', promptHash: undefined, policyVersion: undefined })).toBe(
      simulatorKeyOf({ driver: 'anthropic', model: 'm', promptHash: null, policyVersion: null }),
    );
    const keys = new Set([
      simulatorKeyOf(offline),
      simulatorKeyOf({ ...offline, driver: 'anthropic' }),
      simulatorKeyOf({ ...offline, model: 'other' }),
      simulatorKeyOf({ ...offline, promptHash: 'fedcba9876543210' }),
      simulatorKeyOf({ ...offline, policyVersion: 'offline-v3' }),
      simulatorKeyOf({ ...offline, policyVersion: null }),
    ]);
    expect(keys.size).toBe(6);
  });
});
