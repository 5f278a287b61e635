// Mathematics as mathematics in the real VS Code hover: a config's seq_len hover shows its formulas with
// subscripts and superscripts (HTML <sub>/<sup> kept by VS Code's markdown sanitizer), not TeX source.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openWorkbench, screenshot, reportFailure } from './workbench.mjs';

const TIMEOUT = 90_000;
const SETTINGS = { 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true };

test('a config hover renders subscripts and superscripts', { timeout: 240_000 }, async () => {
  const { page, logs, close } = await openWorkbench({ folder: 'examples/configs', theme: 'light', settings: SETTINGS });
  try {
    await page
      .locator('.explorer-folders-view .monaco-list-row', { hasText: 'vanishing-long-sequences.rnn.yaml' })
      .first()
      .click();
    const key = page.locator('.monaco-editor .view-line span', { hasText: /^seq_len$/ }).first();
    await key.waitFor({ timeout: TIMEOUT });
    const hover = page.locator('.monaco-hover .rendered-markdown', { hasText: 'Predicted' }).first();
    // The hover appears once the extension has activated and read the config: move onto the key until it does.
    for (let attempt = 0; attempt < 30 && !(await hover.isVisible()); attempt++) {
      await page.mouse.move(0, 0);
      await key.hover();
      await hover.waitFor({ timeout: 2000 }).catch(() => {});
    }
    await hover.waitFor({ timeout: 5000 });
    const text = await hover.innerText();
    const scripts = await hover.locator('sub, sup').allInnerTexts();
    console.log(`  sub/sup in the hover: ${JSON.stringify(scripts.slice(0, 12))}`);
    assert.ok(scripts.includes('max') && scripts.includes('T') && scripts.includes('200'), JSON.stringify(scripts));
    assert.doesNotMatch(text, /<su[bp]>|[_^]\{|σ_max|\)\^/, text);
    console.log(`  screenshot: ${await screenshot(page, 'config-hover-notation-light')}`);
  } catch (error) {
    await reportFailure(page, 'failed-hover-notation', logs);
    throw error;
  } finally {
    await close();
  }
});
