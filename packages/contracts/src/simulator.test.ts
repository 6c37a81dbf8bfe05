import { describe, expect, it } from 'vitest';
import { completeRequest } from './ticks';
import { MAX_SURFACE_TOOLS, simulatorFingerprint, toolSurface } from './simulator';

const fingerprint = { promptHash: '0123456789abcdef', policyVersion: 'offline-v2', surfaceHash: 'fedcba9876543210' };
const tool = {
  name: 'todo_list',
  description: 'Lists todos.',
  inputSchema: { type: 'object' },
  outputSchema: { type: 'object' },
  annotations: { readOnlyHint: true },
  title: 'List',
};
const base = { status: 'succeeded', usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 }, driver: 'offline', model: 'offline-policy-v2' } as const;

describe('simulatorFingerprint', () => {
  it('takes 16 lowercase hex digits or null for each hash and a policy version of at most 64 characters or null', () => {
    expect(simulatorFingerprint.parse(fingerprint)).toEqual(fingerprint);
    expect(simulatorFingerprint.parse({ promptHash: null, policyVersion: null, surfaceHash: null })).toEqual({ promptHash: null, policyVersion: null, surfaceHash: null });
  });

  it.each([
    ['an upper-case hash', { ...fingerprint, promptHash: '0123456789ABCDEF' }, 'promptHash'],
    ['a full SHA-256', { ...fingerprint, surfaceHash: 'ab'.repeat(32) }, 'surfaceHash'],
    ['a long policy version', { ...fingerprint, policyVersion: 'v'.repeat(65) }, 'policyVersion'],
    ['an empty policy version', { ...fingerprint, policyVersion: '' }, 'policyVersion'],
    ['a NUL in the policy version', { ...fingerprint, policyVersion: 'offline\u0000' }, 'policyVersion'],
    ['a missing field', { promptHash: null, policyVersion: null }, 'surfaceHash'],
    ['an unknown field', { ...fingerprint, simulatorKey: '0123456789abcdef' }, ''],
  ])('refuses %s, naming the field', (_label, value, path) => {
    const result = simulatorFingerprint.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path.join('.')).toBe(path);
  });
});

describe('toolSurface', () => {
  it('keeps every member of a tool as listed (description, schemas, annotations, title and any other)', () => {
    const surface = { hash: fingerprint.surfaceHash, tools: [tool, { name: 'echo', _meta: { x: 1 } }] };
    expect(toolSurface.parse(surface)).toEqual(surface);
    expect(toolSurface.parse({ hash: fingerprint.surfaceHash, tools: [] })).toEqual({ hash: fingerprint.surfaceHash, tools: [] });
  });

  it.each([
    ['a tool without a name', { hash: fingerprint.surfaceHash, tools: [{ description: 'x' }] }, /tools\.0\.name/],
    ['a bad hash', { hash: 'not-a-hash', tools: [tool] }, /hash/],
    ['more than 500 tools', { hash: fingerprint.surfaceHash, tools: Array.from({ length: MAX_SURFACE_TOOLS + 1 }, (_, i) => ({ name: `t${i}` })) }, /tools/],
    ['a NUL inside a schema', { hash: fingerprint.surfaceHash, tools: [{ ...tool, inputSchema: { description: 'a\u0000b' } }] }, /NUL characters/],
    ['a schema nested past the stored depth', { hash: fingerprint.surfaceHash, tools: [{ name: 'deep', inputSchema: nested(40) }] }, /nest at most/],
    ['more than 512 KB of JSON', { hash: fingerprint.surfaceHash, tools: [{ name: 'big', description: 'x'.repeat(600_000) }] }, /at most 524288 bytes/],
  ])('refuses %s with a clear message', (_label, value, message) => {
    const result = toolSurface.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')).toMatch(message);
  });
});

describe('completeRequest with a fingerprint', () => {
  it('takes a completion without fingerprint and surface (a runner older than issue 21)', () => {
    expect(completeRequest.parse(base)).toEqual(base);
  });

  it('takes the fingerprint alone, and with the surface it names', () => {
    expect(completeRequest.parse({ ...base, fingerprint })).toMatchObject({ fingerprint });
    const surface = { hash: fingerprint.surfaceHash, tools: [tool] };
    expect(completeRequest.parse({ ...base, fingerprint, surface })).toMatchObject({ fingerprint, surface });
  });

  it('refuses a bad fingerprint or surface', () => {
    expect(completeRequest.safeParse({ ...base, fingerprint: { ...fingerprint, promptHash: 'x' } }).success).toBe(false);
    expect(completeRequest.safeParse({ ...base, surface: { hash: fingerprint.surfaceHash, tools: 'todo_list' } }).success).toBe(false);
  });
});

function nested(depth: number): unknown {
  let value: unknown = { type: 'string' };
  for (let i = 0; i < depth; i++) value = { properties: { inner: value } };
  return value;
}
