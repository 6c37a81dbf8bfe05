/** Rewrites the generated tool list in packages/tools/README.md from the registry. */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { manaRegistry } from '../index';
import { withRenderedTools } from '../docs';

const readmePath = fileURLToPath(new URL('../../README.md', import.meta.url));
writeFileSync(readmePath, withRenderedTools(readFileSync(readmePath, 'utf8'), manaRegistry));
console.log(`updated ${readmePath}`);
