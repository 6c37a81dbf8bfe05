import { AppError } from '@mana/core';

/**
 * The one not-found answer for every entity: an id of another space reads
 * exactly like an id that does not exist.
 */
export function notFound(entity: string, id: string): AppError {
  return new AppError('NOT_FOUND', `No ${entity} with id ${id} in this space.`);
}

/** Bad combination of otherwise valid arguments. */
export function invalid(message: string): AppError {
  return new AppError('VALIDATION', message);
}

/** The request is valid but the entity's state does not allow it. */
export function conflict(message: string): AppError {
  return new AppError('CONFLICT', message);
}

/** Update tools: at least one field to change. */
export function requireChanges(changes: Record<string, unknown>, fields: string[]): void {
  if (Object.values(changes).every((value) => value === undefined)) {
    throw invalid(`Nothing to update: give at least one of ${fields.join(', ')}.`);
  }
}
