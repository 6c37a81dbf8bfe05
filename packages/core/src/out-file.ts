import { randomUUID } from 'node:crypto';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Why `file` cannot be written to (its folder is missing, or it is a folder), or
 * null. Checked before anything is read, so bad usage writes nothing.
 */
export async function outFileProblem(file: string): Promise<string | null> {
  const folder = path.dirname(path.resolve(file));
  if (!(await stat(folder).catch(() => null))?.isDirectory()) return `${file}: the folder ${folder} does not exist`;
  if ((await stat(file).catch(() => null))?.isDirectory()) return `${file} is a folder`;
  return null;
}

/** Writes through a temporary file beside `file` and a rename, so `file` is either whole or untouched. */
export async function writeWhole(file: string, text: string): Promise<void> {
  const temporary = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${randomUUID()}.tmp`);
  try {
    await writeFile(temporary, text);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
