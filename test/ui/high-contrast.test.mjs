// High contrast: the panel follows the theme's own colours (--vscode-* variables), so its charts are drawn on the
// high-contrast background, in colours read from that theme. The workbench is put in high contrast the way a user's
// system does it: forced colours (VS Code's window.autoDetectHighContrast then picks Dark High Contrast); naming
// the theme in the settings is not honoured by this code-server build.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pickFile, runAnalyzeFromPalette } from './analyze-steps.mjs';
import { openWorkbench, screenshot, webviewFrame } from './workbench.mjs';

const TIMEOUT = 90_000;

test(
  'the panel in the Default High Contrast theme: dark background, painted charts, theme colours',
  { timeout: 600_000 },
  async () => {
    const { page, close } = await openWorkbench({
      folder: 'examples',
      theme: 'dark',
      settings: { 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true },
    });
    try {
      await page.emulateMedia({ forcedColors: 'active', colorScheme: 'dark' });
      await page.locator('.monaco-workbench.hc-black').waitFor({ timeout: TIMEOUT });
      await runAnalyzeFromPalette(page);
      await pickFile(page, 'vanishing.json');
      const frame = webviewFrame(page);
      await frame.locator('text=Gradients vanish').first().waitFor({ timeout: TIMEOUT });
      await page.waitForTimeout(1500); // let the charts finish their first draw
      const seen = await frame.locator('body').evaluate((body) => {
        const style = getComputedStyle(body);
        const canvases = [...document.querySelectorAll('canvas')].map((canvas) => {
          const { width, height } = canvas;
          const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
          let painted = 0;
          for (let i = 0; i < data.length; i += 4)
            if (data[i + 3] > 0 && data[i] + data[i + 1] + data[i + 2] > 90) painted++;
          return { id: canvas.id, painted };
        });
        return {
          themeClass: body.className,
          background: style.backgroundColor,
          contrastBorder: style.getPropertyValue('--vscode-contrastBorder').trim(),
          canvases,
        };
      });
      assert.match(seen.themeClass, /vscode-high-contrast/);
      assert.ok(seen.contrastBorder, 'the high-contrast theme defines --vscode-contrastBorder');
      const [r, g, b] = seen.background.match(/\d+/g).map(Number);
      assert.ok(r + g + b < 60, `a dark high-contrast background, got ${seen.background}`);
      assert.equal(seen.canvases.length, 3);
      for (const c of seen.canvases)
        assert.ok(c.painted > 500, `${c.id}: ${c.painted} bright pixels drawn on the dark background`);
      await screenshot(page, 'analyze-panel-high-contrast');
    } finally {
      await close();
    }
  },
);
