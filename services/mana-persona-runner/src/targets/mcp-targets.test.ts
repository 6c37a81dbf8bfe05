import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMcpTargets, resolveTarget } from './mcp-targets';

describe('foreign MCP targets', () => {
  const targets = parseMcpTargets(
    JSON.stringify({
      url: 'http://127.0.0.1:3001/mcp',
      headers: { 'X-Team': 'qa' },
      module: 'everything',
      modules: { echo: 'basics' },
      personas: { 'anna@mana.test': { headers: { Authorization: 'Bearer anna' } } },
    }),
  );

  it('merges a persona’s own headers over the shared ones and maps modules from configuration', () => {
    const anna = resolveTarget(targets, 'Anna@Mana.test');
    expect(anna.mcp).toEqual({ url: 'http://127.0.0.1:3001/mcp', headers: { 'X-Team': 'qa', Authorization: 'Bearer anna' } });
    expect(anna.moduleOf('echo')).toBe('basics');
    expect(anna.moduleOf('add')).toBe('everything');
    expect(resolveTarget(targets, 'bob@mana.test').mcp.headers).toEqual({ 'X-Team': 'qa' });
  });

  it('reads a file path and names what is wrong with a bad file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'targets-'));
    writeFileSync(join(dir, 'ok.json'), JSON.stringify({ url: 'http://localhost:1/mcp', module: 'x' }));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ url: 'http://localhost:1/mcp' }));
    expect(parseMcpTargets(join(dir, 'ok.json')).module).toBe('x');
    expect(() => parseMcpTargets(join(dir, 'bad.json'))).toThrow(/module/);
    expect(() => parseMcpTargets('{not json')).toThrow(/not valid JSON/);
    expect(() => parseMcpTargets(JSON.stringify({ url: 'http://localhost:1/mcp', module: 'Everything Server' }))).toThrow(/module/);
  });
});
