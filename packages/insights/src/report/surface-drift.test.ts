import { describe, expect, it } from 'vitest';
import { reportAnomaly } from '@mana/contracts';
import { latestHashes, surfaceDrift, surfacesOf } from './surface-drift';

const todoList = { name: 'todo_list', description: 'List your tasks.', inputSchema: { type: 'object', properties: { done: { type: 'boolean' } } } };
const notesSearch = { name: 'notes_search', description: 'Search notes.', inputSchema: { type: 'object', properties: { query: { type: 'string' } } } };
const old = { hash: 'aaaaaaaaaaaaaaaa', tools: [todoList, notesSearch], toolCount: 2 };
const moduleOf = (tool: string) => (tool.startsWith('todo') ? 'todo' : 'notes');
const rows = [
  { side: 0 as const, hash: old.hash, ticks: 40, firstAt: '2026-03-01T10:00:00.000Z', lastAt: '2026-03-07T10:00:00.000Z' },
  { side: 1 as const, hash: old.hash, ticks: 10, firstAt: '2026-03-08T10:00:00.000Z', lastAt: '2026-03-09T10:00:00.000Z' },
  { side: 1 as const, hash: 'bbbbbbbbbbbbbbbb', ticks: 30, firstAt: '2026-03-10T10:00:00.000Z', lastAt: '2026-03-14T10:00:00.000Z' },
];

describe('surface drift', () => {
  it('names a tool added, one removed and one whose schema changed, each with a readable diff', () => {
    const now = {
      hash: 'bbbbbbbbbbbbbbbb',
      tools: [
        { ...todoList, inputSchema: { type: 'object', properties: { done: { type: 'boolean' }, tag: { type: 'string' } } } },
        { name: 'todo_share', description: 'Share.' },
      ],
      toolCount: 2,
    };
    const hashes = latestHashes(rows);
    expect(hashes).toEqual({ before: old.hash, after: now.hash });
    const drift = surfaceDrift(hashes, [old, now], moduleOf, rows[2]!.firstAt);
    expect(drift.map((d) => d.key)).toEqual(['surface:notes_search:surface', 'surface:todo_list:surface', 'surface:todo_share:surface']);
    for (const d of drift) expect(reportAnomaly.parse(d)).toMatchObject({ kind: 'surface', test: 'surface-diff', pValue: null, qValue: null });
    expect(drift[0]).toMatchObject({ module: 'notes', diff: '- notes_search', summary: 'Tool notes_search was removed from the MCP surface (first seen 2026-03-10 10:00 UTC).' });
    expect(drift[1]!.summary).toBe('Tool todo_list changed its input schema (first seen 2026-03-10 10:00 UTC).');
    expect(drift[1]!.diff).toBe('~ todo_list\n  + inputSchema.properties.tag.type: "string"');
    expect(drift[2]).toMatchObject({ module: 'todo', diff: '+ todo_share' });
    expect(surfacesOf(rows, [old, now])).toMatchObject({
      changed: true,
      after: [
        { hash: old.hash, tools: 2 },
        { hash: now.hash, tools: 2 },
      ],
    });
  });

  it('is silent when the surface is the same or key order alone differs', () => {
    const reordered = { hash: 'bbbbbbbbbbbbbbbb', tools: [{ inputSchema: todoList.inputSchema, description: todoList.description, name: 'todo_list' }, notesSearch], toolCount: 2 };
    expect(surfaceDrift({ before: old.hash, after: old.hash }, [old], moduleOf, undefined)).toEqual([]);
    expect(surfaceDrift({ before: old.hash, after: reordered.hash }, [old, reordered], moduleOf, undefined)).toEqual([]);
    expect(surfaceDrift({ after: old.hash }, [old], moduleOf, undefined)).toEqual([]);
  });

  it('says the hash changed when a copy is missing', () => {
    const [only] = surfaceDrift({ before: old.hash, after: 'cccccccccccccccc' }, [old], moduleOf, undefined);
    expect(only).toMatchObject({ key: 'surface:*:surface', summary: `The MCP surface changed from ${old.hash} to cccccccccccccccc; no stored copy of the new one to compare.` });
  });
});
