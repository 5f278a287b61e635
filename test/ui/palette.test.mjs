// A person opens examples/, runs "Analyze RNN gradients" from the command palette and sees a result: for now a
// notification, later the analysis panel (a webview) or a file picker. Screenshots land in test-results/.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { notificationTexts, openWorkbench, quickPickItems, runCommandFromPalette, screenshot } from './workbench.mjs';

const RESULT_TIMEOUT_MS = 60_000;

/** Resolves to what the command showed first: 'notification', 'panel' or 'picker'. */
async function firstVisibleResult(page) {
  const candidates = {
    notification: page.locator('.notifications-toasts .notification-toast'),
    panel: page.locator('iframe.webview.ready'),
    picker: page.locator('.quick-input-widget .quick-input-list .monaco-list-row'),
  };
  return Promise.any(
    Object.entries(candidates).map(([kind, locator]) =>
      locator
        .first()
        .waitFor({ state: 'visible', timeout: RESULT_TIMEOUT_MS })
        .then(() => kind),
    ),
  ).catch(() => assert.fail(`nothing appeared within ${RESULT_TIMEOUT_MS / 1000} s after running the command`));
}

test('Analyze RNN gradients from the palette shows a result (light theme)', { timeout: 240_000 }, async () => {
  const { page, close } = await openWorkbench({ folder: 'examples', theme: 'light' });
  try {
    assert.ok(await page.locator('.monaco-workbench.vs').count(), 'the light theme is not applied');
    await runCommandFromPalette(page, 'Analyze RNN gradients');
    const kind = await firstVisibleResult(page);
    const details = { notification: notificationTexts, picker: quickPickItems }[kind];
    console.log(`  the command showed a ${kind}${details ? `: ${JSON.stringify(await details(page))}` : ''}`);
    console.log(`  screenshot: ${await screenshot(page, 'analyze-from-palette-light')}`);
  } finally {
    await close();
  }
});

test('the workbench opens in the dark theme', { timeout: 240_000 }, async () => {
  const { page, close } = await openWorkbench({ folder: 'examples', theme: 'dark' });
  try {
    assert.ok(await page.locator('.monaco-workbench.vs-dark').count(), 'the dark theme is not applied');
    console.log(`  screenshot: ${await screenshot(page, 'workbench-dark')}`);
  } finally {
    await close();
  }
});
