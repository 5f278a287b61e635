// Steps a person takes to start an analysis, shared by the UI tests: the palette command, then the file pick.
import { runCommandFromPalette } from './workbench.mjs';

const TIMEOUT = 90_000;

/** The palette, until the extension host has registered the command (it starts after the workbench). */
export async function runAnalyzeFromPalette(page) {
  for (let attempt = 1; ; attempt++) {
    try {
      await runCommandFromPalette(page, 'Analyze RNN gradients', { timeout: 15_000 });
      return;
    } catch (error) {
      if (attempt >= 4) throw error;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(2000);
    }
  }
}

/** Chooses `name` in the command's quick pick of weights files. */
export async function pickFile(page, name) {
  const input = page.locator('.quick-input-widget input');
  // The list is virtualised: in a workspace with many checkpoints `name` may be below the rows drawn, so wait for
  // the list, then filter it down to `name`.
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: TIMEOUT });
  await input.fill(name);
  await page
    .locator('.quick-input-list .monaco-list-row.focused', { hasText: name })
    .first()
    .waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
}
