/** Regenerates `catalog.schema.json` from the zod schema: `npx tsx scripts/personas/src/write-schema.ts`. */
import { writeFileSync } from 'node:fs';
import { CATALOG_SCHEMA_PATH, catalogJsonSchema } from './catalog';

writeFileSync(CATALOG_SCHEMA_PATH, `${JSON.stringify(catalogJsonSchema(), null, 2)}\n`);
console.log(`wrote ${CATALOG_SCHEMA_PATH}`);
