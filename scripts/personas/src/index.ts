export { CATALOG_PATH, CATALOG_SCHEMA_PATH, catalogSchema, loadCatalog } from './catalog';
export type { Catalog } from './catalog';
export { connectAdmin } from './admin-client';
export type { AdminClient, AdminCredentials, FetchLike } from './admin-client';
export { seedPersonas, cleanupPersonas, describePersona } from './seed-run';
export type { SeedLine } from './seed-run';
export { generatePersonas } from './generator';
export { parseCli, runCli } from './cli-args';
