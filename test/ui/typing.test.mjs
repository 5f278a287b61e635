// A person is typing a new number of steps when the weights file changes on disk: the panel analyses the new
// file, and what they were typing stays in the field until they finish it. Screenshot: panel-typing-kept-dark.png.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../scripts/vscode/paths.mjs';
import { pickFile, runAnalyzeFromPalette } from './analyze-steps.mjs';
import { openWorkbench, screenshot, typeIntoField, webviewFrame } from './workbench.mjs';

const TIMEOUT = 90_000;
const SETTINGS = { 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true };

test('a run started by a change on disk keeps the steps a person is typing', { timeout: 300_000 }, async () => {
  const folder = mkdtempSync(join(tmpdir(), 'rnn-ui-typing-'));
  const weights = join(folder, 'model.json');
  copyFileSync(join(repoRoot, 'examples', 'vanishing.json'), weights);
  const { page, close } = await openWorkbench({ folder, theme: 'dark', settings: SETTINGS });
  try {
    await runAnalyzeFromPalette(page);
    await pickFile(page, 'model.json');
    const frame = webviewFrame(page);
    await frame.locator('#verdict', { hasText: 'Gradients vanish' }).waitFor({ timeout: TIMEOUT });

    // Start typing 25 into Steps T, without leaving the field.
    const steps = frame.locator('#steps');
    await typeIntoField(page, steps, '25');
    const typed = () => steps.evaluate((field) => field.value);
    assert.equal(await typed(), '25');

    // Meanwhile the training script saves new weights: the panel re-runs on its own and shows them.
    writeFileSync(weights, readFileSync(join(repoRoot, 'examples', 'exploding.json')));
    await frame.locator('#verdict', { hasText: 'Gradients explode' }).waitFor({ timeout: TIMEOUT });
    assert.equal(await typed(), '25', 'the re-run left the field being typed in alone');
    assert.equal(await frame.locator('#lags').evaluate((field) => field.value), '100', 'the other fields show the run');
    console.log(`  screenshot: ${await screenshot(page, 'panel-typing-kept-dark')}`);

    // Leaving the field submits what was typed.
    await page.keyboard.press('Tab');
    await frame.locator('.chart-jacobian summary', { hasText: '(T = 25)' }).waitFor({ timeout: TIMEOUT });
    assert.equal(await frame.locator('#verdict').innerText(), 'Gradients explode');

    // A value the panel refuses, then left: it stays, with its message, through a run the host starts.
    await typeIntoField(page, steps, '2x');
    await page.keyboard.press('Tab');
    const message = frame.locator('.controls-message');
    await message.filter({ hasText: 'steps' }).waitFor({ timeout: TIMEOUT });
    const refusal = await message.innerText();
    writeFileSync(weights, readFileSync(join(repoRoot, 'examples', 'vanishing.json')));
    await frame.locator('#verdict', { hasText: 'Gradients vanish' }).waitFor({ timeout: TIMEOUT });
    assert.equal(await typed(), '2x', 'the refused value is still in its field');
    assert.equal(await message.innerText(), refusal, 'and its message beside it');
    console.log(`  refused and kept: ${refusal}`);
    console.log(`  screenshot: ${await screenshot(page, 'panel-refused-kept-dark')}`);
  } finally {
    await close();
    rmSync(folder, { recursive: true, force: true });
  }
});
