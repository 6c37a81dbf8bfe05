import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

/** Debian's `chromium` for playwright-core (never a downloaded browser); undefined when it is not installed. */
export function chromiumPath(): string | undefined {
  try {
    const path = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Headless flags that keep Chromium off the network and out of a sandbox it cannot have as root. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Why the browser tests are skipped, printed once so a skipped run says so. */
export function reportMissingChromium(): void {
  console.warn('[browser tests skipped] no `chromium` on PATH: install Debian chromium (apt-get install chromium; .ci/run does) to run them');
}

/** Where the browser tests keep their screenshots (gitignored). */
export const SCREENSHOTS = '.tmp/screenshots';

/** Launches headless Chromium at `executablePath` (from `chromiumPath`) and makes the screenshots folder. */
export async function launchChromium(executablePath: string | undefined): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return browser;
}

/** A page in a fresh context; `problems` collects uncaught errors and CSP violations, which a test expects to stay empty. */
export async function openPage(browser: Browser, viewport = { width: 1280, height: 900 }, isMobile = false): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, isMobile, hasTouch: isMobile });
  const page = await context.newPage();
  // Hang guards only: a loaded shared machine can take many seconds per sign-in (scrypt).
  page.setDefaultTimeout(180_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  return { page, problems };
}

/** Fills the dashboard's sign-in form and submits it (where the page shows it, e.g. `/admin`). */
export async function signIn(page: Page, user: { email: string; password: string }): Promise<void> {
  await page.fill('#email', user.email);
  await page.fill('#password', user.password);
  await page.click('button[type=submit]');
}
