// Debian's Chromium driven by playwright-core (no browser download: `npx playwright install` cannot work here).
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { killProcessesMentioning, removeDirWhileExiting } from './cleanup.mjs';
import { chromiumPath } from './paths.mjs';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Launches a headless Chromium with a fresh profile and one page of the given size.
 * Resolves to { browser, page, close }; close() ends the browser and deletes the profile.
 */
export async function launchBrowser({ width = 1400, height = 900, headless = true } = {}) {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium (or set RNN_CHROMIUM)`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'rnnchr-'));
  // A persistent context is the way to give Chromium its own --user-data-dir through playwright.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless,
    args: CHROMIUM_ARGS,
    viewport: { width, height },
    // Debian's wrapper starts a crash handler that writes under $HOME/.config/chromium: keep that in the profile.
    env: { ...process.env, HOME: profile },
    timeout: 60_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // If the caller exits without close() (Ctrl-C, a killed test), end this browser and delete its profile.
  const removeProfile = () => {
    killProcessesMentioning(profile);
    removeDirWhileExiting(profile);
  };
  process.once('exit', removeProfile);
  // One closing for every caller (a test's finally and a Ctrl-C handler may both call it); the exit handler stays
  // until it is done, in case the process exits meanwhile.
  let closing;
  function close() {
    closing ??= (async () => {
      await context.close().catch(() => {});
      removeProfile();
      process.removeListener('exit', removeProfile);
    })();
    return closing;
  }
  return { context, page, close };
}
