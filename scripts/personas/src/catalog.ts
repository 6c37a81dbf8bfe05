import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { personaDefinition, type PersonaDefinition } from '@mana/contracts';
import type { ToolRegistry } from '@mana/tools';

/** The committed persona catalogue. */
export const CATALOG_PATH = fileURLToPath(new URL('../catalog.json', import.meta.url));
/** Its JSON Schema (generated from `catalogSchema`, referenced by the catalogue's `$schema`). */
export const CATALOG_SCHEMA_PATH = fileURLToPath(new URL('../catalog.schema.json', import.meta.url));

/** A catalogue file: persona definitions with unique names and e-mails. */
export const catalogSchema = z
  .object({
    $schema: z.string().optional(),
    personas: z.array(personaDefinition).min(1),
  })
  .strict()
  .superRefine((catalog, ctx) => {
    for (const key of ['name', 'email'] as const) {
      const seen = new Set<string>();
      catalog.personas.forEach((p, i) => {
        const value = p[key].toLowerCase();
        if (seen.has(value)) ctx.addIssue({ code: 'custom', path: ['personas', i, key], message: `duplicate ${key} "${p[key]}"` });
        seen.add(value);
      });
    }
  });
export type Catalog = z.infer<typeof catalogSchema>;

/** Problems the schema cannot see: module names missing from the tool registry. */
export function registryIssues(registry: ToolRegistry, personas: PersonaDefinition[]): string[] {
  return personas.flatMap((p, i) =>
    Object.keys(p.moduleMix)
      .filter((m) => !registry.hasModule(m))
      .map((m) => `personas.${i}.moduleMix.${m}: "${m}" is not a module of the registry (${registry.moduleIds().join(', ')})`),
  );
}

/** Validates a parsed catalogue (schema, then registry); throws one error listing every problem. */
export function parseCatalog(raw: unknown, registry: ToolRegistry): PersonaDefinition[] {
  const parsed = catalogSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Invalid persona catalogue:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  const issues = registryIssues(registry, parsed.data.personas);
  if (issues.length) throw new Error(`Invalid persona catalogue:\n${issues.map((i) => `  ${i}`).join('\n')}`);
  return parsed.data.personas;
}

/** Reads and validates a catalogue file (default: the committed one). */
export function loadCatalog(registry: ToolRegistry, path = CATALOG_PATH): PersonaDefinition[] {
  return parseCatalog(JSON.parse(readFileSync(path, 'utf8')), registry);
}

/** The JSON Schema of the catalogue, as committed in `catalog.schema.json`. */
export function catalogJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(catalogSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
}
