import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

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
