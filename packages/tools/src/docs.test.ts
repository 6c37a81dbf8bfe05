import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { manaRegistry } from './index';
import { renderToolsMarkdown, withRenderedTools } from './docs';

describe('tool docs', () => {
  it('render every tool of the registry', () => {
    const markdown = renderToolsMarkdown(manaRegistry);
    for (const tool of manaRegistry.tools()) expect(markdown).toContain(`\`${tool.name}\``);
  });

  it('the README section is up to date (run `npx tsx packages/tools/src/cli/render-docs.ts`)', () => {
    const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
    expect(readme).toBe(withRenderedTools(readme, manaRegistry));
  });
});
