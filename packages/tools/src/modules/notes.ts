import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { notes } from '@mana/db';
import { defineModule, defineTool } from '../tool';
import { entityId, field, instant, limit, tag, tagList, term, text, title } from '../shared/fields';
import { notFound, requireChanges } from '../shared/errors';
import { hasTag, normalizeTags, totalBeforeLimit, totalOf } from '../shared/sql';

const EXCERPT_LENGTH = 200;

const noteShape = z.object({ id: z.uuid(), title: z.string(), body: z.string(), tags: z.array(z.string()), createdAt: instant(), updatedAt: instant() });
const noteSummary = z.object({ id: z.uuid(), title: z.string(), excerpt: z.string(), tags: z.array(z.string()), updatedAt: instant() });

/** Every column but the generated search document. */
const noteColumns = { id: notes.id, title: notes.title, body: notes.body, tags: notes.tags, createdAt: notes.createdAt, updatedAt: notes.updatedAt };
type NoteRow = { id: string; title: string; body: string; tags: string[]; createdAt: Date; updatedAt: Date };
const toNote = (row: NoteRow) => ({ ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() });
const excerptOf = (body: string) => (body.length > EXCERPT_LENGTH ? `${body.slice(0, EXCERPT_LENGTH - 1)}…` : body);

const noteIdField = () => entityId('note', '8a6b1f0e-2c4d-4b7a-9e3f-1d2c3b4a5f60');
const noteTitleField = () => field(title(), 'Title of the note, at most 200 characters.', 'Ideas for the garden');
const noteBodyField = () => field(text(), 'The text of the note, at most 10,000 characters.', 'Plant tomatoes along the south fence; try basil next to them.');
const noteTagsField = () => field(tagList(), 'Labels for grouping, up to 20, each at most 40 characters.', ['garden', 'spring']);

const createNote = defineTool({
  name: 'notes_create',
  title: 'Create a note',
  description: 'Saves a new note (a title and free text) in the current space. Use it to write down ideas, information or anything to look up later. Returns the note with its id.',
  policy: 'write',
  input: z.object({ title: noteTitleField(), body: noteBodyField().default(''), tags: noteTagsField().optional() }),
  output: z.object({ note: noteShape }),
  async handler(input, ctx) {
    const [row] = await ctx.db
      .insert(notes)
      .values({ spaceId: ctx.spaceId, createdBy: ctx.userId, title: input.title, body: input.body, tags: normalizeTags(input.tags), createdAt: ctx.now(), updatedAt: ctx.now() })
      .returning(noteColumns);
    return { note: toNote(row) };
  },
});

const updateNote = defineTool({
  name: 'notes_update',
  title: 'Update a note',
  description:
    'Replaces the title, the text or the tags of an existing note: give at least one of them; fields you leave out stay unchanged. To add to a note, read it with notes_get and send the whole new text. Returns the updated note.',
  policy: 'write',
  input: z.object({ noteId: noteIdField(), title: noteTitleField().optional(), body: noteBodyField().optional(), tags: noteTagsField().optional() }),
  output: z.object({ note: noteShape }),
  async handler({ noteId, ...changes }, ctx) {
    requireChanges(changes, ['title', 'body', 'tags']);
    const [row] = await ctx.db
      .update(notes)
      .set({ ...changes, tags: changes.tags && normalizeTags(changes.tags), updatedAt: ctx.now() })
      .where(and(eq(notes.id, noteId), eq(notes.spaceId, ctx.spaceId)))
      .returning(noteColumns);
    if (!row) throw notFound('note', noteId);
    return { note: toNote(row) };
  },
});

const getNote = defineTool({
  name: 'notes_get',
  title: 'Read a note',
  description: 'Returns one note with its full text. Use it after notes_list or notes_search, which only show excerpts.',
  policy: 'read',
  input: z.object({ noteId: noteIdField() }),
  output: z.object({ note: noteShape }),
  async handler({ noteId }, ctx) {
    const [row] = await ctx.db
      .select(noteColumns)
      .from(notes)
      .where(and(eq(notes.id, noteId), eq(notes.spaceId, ctx.spaceId)));
    if (!row) throw notFound('note', noteId);
    return { note: toNote(row) };
  },
});

const listNotes = defineTool({
  name: 'notes_list',
  title: 'List notes',
  description:
    'Lists the notes of the current space, most recently changed first, optionally only those with a tag. Returns ids, titles, a short excerpt of each text and the total number of notes that match.',
  policy: 'read',
  input: z.object({ tag: field(tag(), 'Only notes carrying this tag.', 'garden').optional(), limit: limit(20) }),
  output: z.object({ notes: z.array(noteSummary), total: z.int() }),
  async handler(input, ctx) {
    const where = and(eq(notes.spaceId, ctx.spaceId), input.tag ? hasTag(notes.tags, input.tag) : undefined);
    const rows = await ctx.db
      .select({ ...noteColumns, total: totalBeforeLimit() })
      .from(notes)
      .where(where)
      .orderBy(desc(notes.updatedAt), desc(notes.id))
      .limit(input.limit);
    return {
      notes: rows.map((row) => ({ id: row.id, title: row.title, excerpt: excerptOf(row.body), tags: row.tags, updatedAt: row.updatedAt.toISOString() })),
      total: totalOf(rows),
    };
  },
});

const searchNotes = defineTool({
  name: 'notes_search',
  title: 'Search notes',
  description:
    'Full-text search over the titles and texts of all notes in the current space: every word of the query must appear (any order, case-insensitive, whole words). Use it to find a note when you do not know its id. Returns the best matches first with a highlighted snippet; an empty list means nothing matched.',
  policy: 'read',
  dailyBudget: 200,
  input: z.object({ query: field(term(200), 'Words to look for, at most 200 characters.', 'tomatoes basil'), limit: limit(10, 50) }),
  output: z.object({
    query: z.string(),
    results: z.array(z.object({ id: z.uuid(), title: z.string(), snippet: z.string(), rank: z.number(), updatedAt: instant() })),
  }),
  async handler(input, ctx) {
    const query = sql`plainto_tsquery('simple', ${input.query})`;
    // Rank on the stored document (GIN-indexed), then build snippets for the page only: ts_headline re-parses the text.
    const best = ctx.db
      .select({ id: notes.id, rank: sql<number>`ts_rank(${notes.search}, ${query})`.as('rank') })
      .from(notes)
      .where(and(eq(notes.spaceId, ctx.spaceId), sql`${notes.search} @@ ${query}`))
      .orderBy(sql`rank desc`, desc(notes.updatedAt), desc(notes.id))
      .limit(input.limit)
      .as('best');
    const rows = await ctx.db
      .select({
        id: notes.id,
        title: notes.title,
        snippet: sql<string>`ts_headline('simple', ${notes.body}, ${query}, 'StartSel=**, StopSel=**, MaxWords=25, MinWords=8')`,
        rank: sql<number>`${best.rank}::float8`,
        updatedAt: notes.updatedAt,
      })
      .from(best)
      .innerJoin(notes, eq(notes.id, best.id))
      .orderBy(sql`${best.rank} desc`, desc(notes.updatedAt), desc(notes.id));
    return { query: input.query, results: rows.map((row) => ({ ...row, rank: Number(row.rank), updatedAt: row.updatedAt.toISOString() })) };
  },
});

/** Notes: free-text notes with tags and full-text search. */
export const notesModule = defineModule({
  id: 'notes',
  title: 'Notes',
  description: 'Free-text notes with tags; read, update and search them.',
  tools: [createNote, updateNote, getNote, listNotes, searchNotes],
});
