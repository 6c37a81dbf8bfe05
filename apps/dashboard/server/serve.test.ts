import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDashboardStatic } from './serve';

const dir = mkdtempSync(join(tmpdir(), 'mana-dashboard-'));
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="/admin/assets/app-1.js"></script>');
writeFileSync(join(dir, 'assets', 'app-1.js'), 'console.log(1)');
writeFileSync(join(dir, 'secret.txt'), 'not an asset');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const app = createDashboardStatic(dir);

describe('dashboard static files', () => {
  it('answers every page URL with the bundle page and strict headers (CSP without inline script, no framing)', async () => {
    for (const path of ['/admin', '/admin/tools/todo_create', '/admin/ticks/abc?days=30']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('/admin/assets/app-1.js');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('redirects /admin/ to /admin', async () => {
    const res = await app.request('/admin/');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/admin');
  });

  it('serves hashed assets with a type and a long cache, and nothing outside assets/', async () => {
    const res = await app.request('/admin/assets/app-1.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/javascript/);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(await res.text()).toBe('console.log(1)');
    expect((await app.request('/admin/assets/missing-2.js')).status).toBe(404);
    expect((await app.request('/admin/assets/..%2Fsecret.txt')).status).toBe(404);
    expect((await app.request('/admin/assets/.source-hash')).status).toBe(404);
  });

  it('says how to build when the bundle is missing', async () => {
    const res = await createDashboardStatic(join(dir, 'nowhere')).request('/admin');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build:dashboard');
  });
});
