import { and, asc, eq, ilike, isNotNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { contacts } from '@mana/db';
import { defineModule, defineTool } from '../../tool';
import { clearable, field, limit, term } from '../../shared/fields';
import { invalid, notFound, requireChanges } from '../../shared/errors';
import { todayIn } from '../../shared/dates';
import { containsPattern, totalBeforeLimit, totalOf } from '../../shared/sql';
import { nextBirthday } from './birthdays';
import { birthdayField, companyField, contactIdField, contactNameField, contactNotesField, contactShape, emailField, phoneField, toContact } from './shapes';

/** Birthdays cannot lie in the future. */
function checkBirthday(birthday: string | null | undefined, today: string): void {
  if (birthday && birthday > today) throw invalid(`The birthday ${birthday} is in the future (today is ${today}).`);
}

const createContact = defineTool({
  name: 'contacts_create',
  title: 'Add a contact',
  description: 'Adds a person to the address book of the current space: name plus optional e-mail, phone, company, birthday and notes. Returns the contact with its id.',
  policy: 'write',
  input: z.object({
    name: contactNameField(),
    email: emailField().optional(),
    phone: phoneField().optional(),
    company: companyField().optional(),
    birthday: birthdayField().optional(),
    notes: contactNotesField().optional(),
  }),
  output: z.object({ contact: contactShape }),
  async handler(input, ctx) {
    checkBirthday(input.birthday, todayIn(ctx));
    const [row] = await ctx.db
      .insert(contacts)
      .values({
        spaceId: ctx.spaceId,
        createdBy: ctx.userId,
        name: input.name,
        email: input.email ?? null,
        phone: input.phone ?? null,
        company: input.company ?? null,
        birthday: input.birthday ?? null,
        notes: input.notes ?? null,
        createdAt: ctx.now(),
        updatedAt: ctx.now(),
      })
      .returning();
    return { contact: toContact(row) };
  },
});

const searchContacts = defineTool({
  name: 'contacts_search',
  title: 'Search contacts',
  description:
    'Finds contacts whose name, e-mail, phone or company contains the query (case-insensitive), in name order; without a query it lists all contacts. Returns the contacts with their ids and the total number of matches.',
  policy: 'read',
  input: z.object({
    query: field(term(200), 'Text to look for in name, e-mail, phone or company.', 'schmidt').optional(),
    limit: limit(20),
  }),
  output: z.object({ contacts: z.array(contactShape), total: z.int() }),
  async handler(input, ctx) {
    const pattern = input.query && containsPattern(input.query);
    const where = and(
      eq(contacts.spaceId, ctx.spaceId),
      pattern ? or(ilike(contacts.name, pattern), ilike(contacts.email, pattern), ilike(contacts.phone, pattern), ilike(contacts.company, pattern)) : undefined,
    );
    const rows = await ctx.db
      .select({ contact: contacts, total: totalBeforeLimit() })
      .from(contacts)
      .where(where)
      .orderBy(asc(sql`lower(${contacts.name})`), asc(contacts.id))
      .limit(input.limit);
    return { contacts: rows.map((row) => toContact(row.contact)), total: totalOf(rows) };
  },
});

const updateContact = defineTool({
  name: 'contacts_update',
  title: 'Update a contact',
  description:
    'Changes details of an existing contact: give at least one field to change; fields you leave out stay as they are, and null removes e-mail, phone, company, birthday or notes. Returns the updated contact.',
  policy: 'write',
  input: z.object({
    contactId: contactIdField(),
    name: contactNameField().optional(),
    email: clearable(emailField()).optional(),
    phone: clearable(phoneField()).optional(),
    company: clearable(companyField()).optional(),
    birthday: clearable(birthdayField()).optional(),
    notes: clearable(contactNotesField()).optional(),
  }),
  output: z.object({ contact: contactShape }),
  async handler({ contactId, ...changes }, ctx) {
    requireChanges(changes, ['name', 'email', 'phone', 'company', 'birthday', 'notes']);
    checkBirthday(changes.birthday, todayIn(ctx));
    const [row] = await ctx.db
      .update(contacts)
      .set({ ...changes, updatedAt: ctx.now() })
      .where(and(eq(contacts.id, contactId), eq(contacts.spaceId, ctx.spaceId)))
      .returning();
    if (!row) throw notFound('contact', contactId);
    return { contact: toContact(row) };
  },
});

const upcomingBirthdays = defineTool({
  name: 'contacts_upcoming_birthdays',
  title: 'Upcoming birthdays',
  description:
    'Lists contacts whose birthday falls within the next N days, today included (default 30, at most 366), soonest first, also across the new year. Each result says the date, how many days until then and the age they turn. People born on 29 February are listed on 28 February in common years.',
  policy: 'read',
  input: z.object({ days: field(z.int().min(1).max(366).default(30), 'How many days ahead to look, today included (1-366, default 30).', 30) }),
  output: z.object({
    today: z.iso.date(),
    birthdays: z.array(z.object({ id: z.uuid(), name: z.string(), birthday: z.iso.date(), date: z.iso.date(), daysUntil: z.int(), turns: z.int() })),
  }),
  async handler(input, ctx) {
    const today = todayIn(ctx);
    const rows = await ctx.db
      .select({ id: contacts.id, name: contacts.name, birthday: contacts.birthday })
      .from(contacts)
      .where(and(eq(contacts.spaceId, ctx.spaceId), isNotNull(contacts.birthday)));
    const birthdays = rows
      .map((row) => ({ id: row.id, name: row.name, birthday: row.birthday as string, ...nextBirthday(row.birthday as string, today) }))
      .filter((entry) => entry.daysUntil < input.days)
      .sort((a, b) => a.daysUntil - b.daysUntil || a.name.localeCompare(b.name));
    return { today, birthdays };
  },
});

/** Contacts: an address book with search and birthdays. */
export const contactsModule = defineModule({
  id: 'contacts',
  title: 'Contacts',
  description: 'People you know: details, search and upcoming birthdays.',
  tools: [createContact, searchContacts, updateContact, upcomingBirthdays],
});
