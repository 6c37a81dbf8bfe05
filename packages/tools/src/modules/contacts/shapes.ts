import { z } from 'zod';
import type { contacts } from '@mana/db';
import { entityId, field, instant, isoDate, text, title } from '../../shared/fields';

export const contactShape = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
  birthday: z.iso.date().nullable(),
  notes: z.string().nullable(),
  createdAt: instant(),
  updatedAt: instant(),
});

export const toContact = (row: typeof contacts.$inferSelect): z.input<typeof contactShape> => ({
  id: row.id,
  name: row.name,
  email: row.email,
  phone: row.phone,
  company: row.company,
  birthday: row.birthday,
  notes: row.notes,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export const contactIdField = () => entityId('contact', '7e6d5c4b-3a29-4817-b6a5-f4e3d2c1b0a9');
export const contactNameField = () => field(title(), 'Full name, at most 200 characters.', 'Maria Schmidt');
export const emailField = () => field(z.email().max(254), 'E-mail address.', 'maria.schmidt@example.com');
export const phoneField = () =>
  field(
    z
      .string()
      .trim()
      .max(40)
      .regex(/^\+?[0-9 ()/.-]{3,40}$/, 'Use digits, spaces and + ( ) / . - only'),
    'Phone number, digits with optional + ( ) / . - and spaces.',
    '+49 30 1234567',
  );
export const companyField = () => field(title(), 'Company or organisation, at most 200 characters.', 'Acme GmbH');
export const birthdayField = () => field(isoDate(), 'Date of birth, YYYY-MM-DD; not in the future.', '1988-03-14');
export const contactNotesField = () => field(text(), 'Anything worth remembering, at most 10,000 characters.', 'Met at the climbing gym; likes jazz');
