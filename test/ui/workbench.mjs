// Helpers for UI tests that drive a real VS Code workbench like a person: code-server with this repo loaded as
// a development extension, shown in headless Chromium (scripts/vscode/). Every test opens its own workbench:
//   const { page, close } = await openWorkbench({ folder: 'examples', theme: 'dark' });
//   try { await runCommandFromPalette(page, 'Analyze RNN gradients'); ... } finally { await close(); }
import { mkdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { launchBrowser } from '../../scripts/vscode/browser.mjs';
import { ensureInstalled } from '../../scripts/vscode/install.mjs';
import { repoRoot } from '../../scripts/vscode/paths.mjs';
import { remoteUri, startCodeServer, workbenchUrl } from '../../scripts/vscode/server.mjs';

/** VS Code's built-in default themes; `theme` may also be any other installed theme's name. */
export const THEMES = { light: 'Default Light Modern', dark: 'Default Dark Modern' };

export const screenshotDir = join(repoRoot, 'test-results', 'screenshots');

/**
 * Starts code-server, opens `folder` (relative to the repo or absolute) in Chromium with the extension at
 * `extensionPath` loaded for development (null: none, only what `extensionsDir` holds installed), and waits
 * until the workbench shows the folder in the explorer.
 * `theme`: 'light' | 'dark' | a theme name, written to the user settings before start; `settings`: more of them.
 * `waitForExtensions: false` returns as soon as the explorer lists the folder, before extensions are scanned.
 * Returns { page, server, logs, close }; `logs` collects the workbench's log lines (for failure reports).
 */
export async function openWorkbench({
  folder = 'examples',
  theme = 'light',
  settings = {},
  extensionPath = repoRoot,
  extensionsDir,
  width = 1400,
  height = 900,
  waitForExtensions = true,
} = {}) {
  await ensureInstalled();
  const folderPath = isAbsolute(folder) ? folder : join(repoRoot, folder);
  const server = await startCodeServer({
    settings: { 'workbench.colorTheme': THEMES[theme] ?? theme, ...settings },
    extensionsDir,
  });
  let browser;
  const close = async () => {
    await browser?.close();
    await server.stop();
  };
  try {
    browser = await launchBrowser({ width, height });
    const { page } = browser;
    const logs = [];
    // The smoke-test driver option makes the workbench report to these; without them it would throw.
    await page.exposeFunction('codeAutomationLog', (type, args) => logs.push(`[${type}] ${JSON.stringify(args)}`));
    await page.exposeFunction('codeAutomationExit', () => {});
    const payload = [
      ...(extensionPath ? [['extensionDevelopmentPath', remoteUri(server.port, extensionPath)]] : []),
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    await page.goto(workbenchUrl(server.baseUrl, { folder: folderPath, payload }), { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The explorer lists the folder once the remote file system answered: the workbench is usable from then on.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    if (!waitForExtensions) return { page, server, logs, close };
    // The theme comes from an extension's contribution: once it is applied, the extensions have been scanned.
    const themeClass = { light: 'vs', dark: 'vs-dark' }[theme];
    if (themeClass) await page.locator(`.monaco-workbench.${themeClass}`).waitFor({ timeout: 90_000 });
    return { page, server, logs, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Runs a command as a person would: F1, type its title, wait for it in the list, Enter. While the workbench is
 * still registering extensions the palette answers "No matching commands": then it closes and tries again.
 */
export async function runCommandFromPalette(page, title, { timeout = 60_000 } = {}) {
  const deadline = Date.now() + timeout;
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: Math.max(1000, deadline - Date.now()) });
    await input.fill(`>${title}`);
    const found = await row.waitFor({ state: 'visible', timeout: 3000 }).then(
      () => true,
      () => false,
    );
    if (found) break;
    await page.keyboard.press('Escape');
    if (Date.now() > deadline)
      throw new Error(`command "${title}" not found in the palette within ${timeout / 1000} s`);
    await page.waitForTimeout(1000);
  }
  await page.keyboard.press('Enter');
  // Done when the palette closed or now shows something else (a quick pick the command opened).
  await page.waitForFunction(
    (text) => {
      const widget = document.querySelector('.quick-input-widget');
      const input = widget?.querySelector('input');
      return !widget || widget.style.display === 'none' || !input || input.value !== text;
    },
    `>${title}`,
    { timeout: 10_000 },
  );
}

/** The open quick pick's rows (e.g. a file picker a command opened); [] when none is open. */
export async function quickPickItems(page) {
  const widget = page.locator('.quick-input-widget');
  if (!(await widget.isVisible())) return [];
  return widget.locator('.quick-input-list .monaco-list-row').allInnerTexts();
}

/** The document inside the (first ready) webview: two frames deep, the outer host frame and its #active-frame. */
export function webviewFrame(page, { index = 0 } = {}) {
  return page.frameLocator('iframe.webview.ready').nth(index).frameLocator('#active-frame');
}

/** The visible notification toasts' texts. */
export async function notificationTexts(page) {
  return page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
}

/** Saves a PNG of the whole window to test-results/screenshots/<name>.png and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path });
  return path;
}

/** After a failed step: a screenshot named `name` and the last workbench log lines that match `relevant`. */
export async function reportFailure(page, name, logs, relevant = /error|rnn/i) {
  console.log(`  screenshot: ${await screenshot(page, name)}`);
  console.log(
    logs
      .filter((l) => relevant.test(l))
      .slice(-20)
      .join('\n')
      .slice(0, 4000),
  );
}

/**
 * Types `text` into a webview text field like a person: click, select all, type. A click inside a webview moves
 * focus through two frames and into the field's shadow input; under load a key sent before focus arrives is
 * lost (VS Code's, not the panel's). So wait for the focus, and type again if the field does not hold `text`.
 */
export async function typeIntoField(page, field, text, { attempts = 3 } = {}) {
  for (let attempt = 1; ; attempt++) {
    await field.click();
    await field.evaluate(
      (element) =>
        new Promise((resolve) => {
          const focused = () => element.matches(':focus-within') && document.hasFocus();
          const poll = () => (focused() ? resolve() : setTimeout(poll, 20));
          poll();
        }),
    );
    await page.keyboard.press('Control+A');
    await page.keyboard.type(text);
    const value = await field.evaluate((element) => element.value);
    if (value === text) return;
    if (attempt >= attempts) throw new Error(`typed "${text}" ${attempt} times, the field holds "${value}"`);
    console.log(`  a keystroke did not reach the field (it holds "${value}"); typing "${text}" again`);
  }
}
