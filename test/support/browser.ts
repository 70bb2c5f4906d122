/** Opens reports in Debian's headless Chromium through playwright-core, for tests that look at a page. */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_EXECUTABLE = '/usr/bin/chromium';
export const CHROMIUM_MISSING_REASON = "install Debian's chromium package to run the report browser test";

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM_EXECUTABLE);
}

/** The part of vitest's test context this needs. */
interface SkippableContext {
  skip(note?: string): never;
}

/**
 * Without Chromium a browser test is skipped on a developer's machine but fails in CI, where a
 * missing browser means a broken image rather than a choice.
 */
export function requireChromium(context: SkippableContext): void {
  if (chromiumInstalled()) return;
  if (process.env.CI) throw new Error(`${CHROMIUM_EXECUTABLE} is missing: ${CHROMIUM_MISSING_REASON}`);
  context.skip(CHROMIUM_MISSING_REASON);
}

/** Headless Chromium that makes no network request of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_EXECUTABLE,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
