// A person opens examples/, runs "Analyze RNN gradients" from the palette, picks a weights file, and reads the
// panel: the verdict, three painted charts, controls that re-run it, the theme followed, restored after a reload.
// Screenshots (dark, light, narrow) land in test-results/screenshots/.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/vscode/paths.mjs';
import { test } from 'node:test';
import { pickFile, runAnalyzeFromPalette } from './analyze-steps.mjs';
import {
  openWorkbench,
  runCommandFromPalette,
  screenshot,
  screenshotDir,
  webviewFrame,
  reportFailure,
  typeIntoField,
} from './workbench.mjs';

const TIMEOUT = 90_000;
/** Keep the chat side bar closed so the panel gets the room a user would give it. */
const SETTINGS = { 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true };

/**
 * For each canvas: how many pixels differ from its corner pixel (the theme background the chart paints first),
 * and that background as rgb.
 */
async function paintedPixels(frame) {
  return frame.locator('canvas').evaluateAll((canvases) =>
    canvases.map((canvas) => {
      const { width, height } = canvas;
      const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
      const [r, g, b] = data;
      let painted = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) > 30) painted++;
      }
      return { id: canvas.id, width, height, painted, fraction: painted / (width * height), background: [r, g, b] };
    }),
  );
}

function assertPainted(canvases) {
  assert.deepEqual(canvases.map((c) => c.id).sort(), ['eigenvalues-canvas', 'gradientShare-canvas', 'jacobian-canvas']);
  for (const c of canvases) {
    assert.ok(c.width > 100 && c.height > 100, `${c.id} is ${c.width}×${c.height}`);
    assert.ok(c.fraction > 0.01, `${c.id}: only ${c.painted} painted pixels`);
  }
}

/** Clicks an export button in the panel and answers VS Code's save dialog with `target`. */
async function exportTo(page, button, target) {
  await button.click();
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: TIMEOUT });
  // Replace the suggested path; the dialog may still be rewriting its value, so check what it holds.
  for (let attempt = 0; attempt < 10 && (await input.inputValue()) !== target; attempt++) {
    await input.fill(target);
    await page.waitForTimeout(500);
  }
  assert.equal(await input.inputValue(), target, 'the save dialog holds the typed path');
  // It validates the path asynchronously and ignores Enter until then: press until it closes.
  for (let attempt = 0; attempt < 10; attempt++) {
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    if (
      await page
        .locator('.quick-input-widget')
        .waitFor({ state: 'hidden', timeout: 3000 })
        .then(
          () => true,
          () => false,
        )
    )
      break;
  }
  const deadline = Date.now() + TIMEOUT;
  while (!existsSync(target) && Date.now() < deadline) await page.waitForTimeout(200);
  if (!existsSync(target)) console.log(`  screenshot: ${await screenshot(page, 'failed-export')}`);
  assert.ok(existsSync(target), `nothing was written to ${target}`);
  return readFileSync(target);
}

const brightness = ([r, g, b]) => (r + g + b) / 3;

test(
  'analyse examples/vanishing.json from the palette: panel, charts, controls, theme, reload',
  { timeout: 420_000 },
  async () => {
    const { page, close, logs } = await openWorkbench({ folder: 'examples', theme: 'dark', settings: SETTINGS });
    try {
      await runAnalyzeFromPalette(page);
      await pickFile(page, 'vanishing.json');

      const frame = webviewFrame(page);
      await frame.locator('#verdict').waitFor({ timeout: TIMEOUT });
      assert.equal(await frame.locator('#verdict').innerText(), 'Gradients vanish');
      assert.match(await frame.locator('#summary-text').innerText(), /learning reaches back \d+ steps/);
      assert.equal(
        await frame
          .locator('body')
          .getAttribute('class')
          .then((c) => c.includes('vscode-dark')),
        true,
      );
      const dark = await paintedPixels(frame);
      assertPainted(dark);
      assert.ok(brightness(dark[0].background) < 100, `dark background ${dark[0].background}`);
      console.log(`  dark: ${dark.map((c) => `${c.id} ${(100 * c.fraction).toFixed(1)}% painted`).join(', ')}`);
      console.log(`  screenshot: ${await screenshot(page, 'analyze-panel-dark')}`);

      // Each chart has its table: open one with the keyboard.
      const summary = frame.locator('.chart-jacobian summary');
      await summary.focus();
      await page.keyboard.press('Enter');
      await frame.locator('.chart-jacobian table tbody tr').nth(99).waitFor({ timeout: TIMEOUT });
      assert.equal(await frame.locator('.chart-jacobian table tbody tr').count(), 100);

      // Change the steps like a person: type into the field, Tab away; the analysis runs again with T = 40.
      const steps = frame.locator('#steps');
      await typeIntoField(page, steps, '40');
      await page.keyboard.press('Tab');
      await frame.locator('.chart-jacobian summary', { hasText: '(T = 40) (40 rows)' }).waitFor({ timeout: TIMEOUT });
      assert.equal(await frame.locator('.chart-jacobian table tbody tr').count(), 40);

      // Switch to the light theme: the panel follows and the charts are drawn again in its colours.
      await runCommandFromPalette(page, 'Toggle between Light/Dark Themes');
      await page.locator('.monaco-workbench.vs').waitFor({ timeout: TIMEOUT });
      await frame.locator('body.vscode-light').waitFor({ timeout: TIMEOUT });
      await page.waitForTimeout(500);
      const light = await paintedPixels(frame);
      assertPainted(light);
      assert.ok(brightness(light[0].background) > 180, `light background ${light[0].background}`);
      console.log(`  screenshot: ${await screenshot(page, 'analyze-panel-light')}`);
      await frame.locator('.chart-gradientShare').scrollIntoViewIfNeeded();
      console.log(`  screenshot: ${await screenshot(page, 'analyze-panel-light-scrolled')}`);

      // A window reload restores the panel with its settings (serializer + setState).
      // Through the workbench's own reload, which saves the open editors first (a bare page reload may not).
      await runCommandFromPalette(page, 'Developer: Reload Window');
      await page.waitForLoadState('domcontentloaded');
      await page.locator('.monaco-workbench').waitFor({ timeout: TIMEOUT });
      const restored = webviewFrame(page);
      await restored.locator('#verdict').waitFor({ timeout: TIMEOUT });
      assert.equal(await restored.locator('#verdict').innerText(), 'Gradients vanish');
      await restored.locator('.chart-jacobian summary', { hasText: '(T = 40)' }).waitFor({ timeout: TIMEOUT });
      assertPainted(await paintedPixels(restored));
      console.log(`  screenshot: ${await screenshot(page, 'analyze-panel-restored')}`);
    } catch (error) {
      await reportFailure(page, 'failed-analyze-panel', logs);
      throw error;
    } finally {
      await close();
    }
  },
);

test('a narrow window and the exploding example (light theme)', { timeout: 300_000 }, async () => {
  const { page, close } = await openWorkbench({
    folder: 'examples',
    theme: 'light',
    width: 700,
    height: 1000,
    settings: SETTINGS,
  });
  try {
    await runAnalyzeFromPalette(page);
    await pickFile(page, 'exploding.json');
    const frame = webviewFrame(page);
    await frame.locator('#verdict').waitFor({ timeout: TIMEOUT });
    assert.equal(await frame.locator('#verdict').innerText(), 'Gradients explode');
    const canvases = await paintedPixels(frame);
    assertPainted(canvases);
    // One column: the charts stack instead of overflowing the panel.
    const boxes = await frame
      .locator('section.chart')
      .evaluateAll((sections) => sections.map((s) => s.getBoundingClientRect().toJSON()));
    const viewport = await frame.locator('body').evaluate(() => document.documentElement.clientWidth);
    for (const box of boxes) assert.ok(box.right <= viewport + 1, `a chart overflows: ${box.right} > ${viewport}`);
    assert.ok(boxes[1].top > boxes[0].bottom - 1, 'charts stack in one column');
    console.log(`  screenshot: ${await screenshot(page, 'analyze-panel-narrow-light')}`);
    await frame.locator('.chart-jacobian').scrollIntoViewIfNeeded();
    console.log(`  screenshot: ${await screenshot(page, 'analyze-panel-narrow-light-chart')}`);

    // Export through the save dialog: the numbers as CSV, a chart as PNG.
    const out = mkdtempSync(join(tmpdir(), 'rnn-ui-export-'));
    try {
      const csv = (
        await exportTo(
          page,
          frame.locator('vscode-button', { hasText: 'Export CSV (by lag)' }),
          join(out, 'by-lag.csv'),
        )
      ).toString('utf8');
      const lines = csv.trim().split('\n');
      assert.match(lines[0], /^lag,jacobian_frobenius,/);
      assert.equal(lines.length, 1 + 101, 'header and lags 0..100');
      const png = await exportTo(
        page,
        frame.locator('.chart-eigenvalues vscode-button', { hasText: 'PNG' }),
        join(out, 'eigenvalues.png'),
      );
      assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
      assert.ok(png.length > 5000, `PNG of ${png.length} bytes`);
      // The legend (HTML in the page) is drawn below the chart in the image: taller than the canvas.
      const canvasHeight = await frame.locator('#eigenvalues-canvas').evaluate((canvas) => canvas.height);
      assert.ok(
        png.readUInt32BE(20) > canvasHeight + 10,
        `PNG ${png.readUInt32BE(20)} px tall, canvas ${canvasHeight} px`,
      );
      writeFileSync(join(screenshotDir, 'analyze-exported-eigenvalues.png'), png);
    } finally {
      rmSync(out, { recursive: true, force: true });
      // Had the dialog taken its default, the file would sit next to the weights: keep examples/ clean.
      for (const name of ['exploding-gradients-by-lag.csv', 'exploding-eigenvalues.png'])
        rmSync(join(repoRoot, 'examples', name), { force: true });
    }
  } finally {
    await close();
  }
});

/** A workspace with a weights file large enough to take seconds, an ordinary one, and a JSON that is no weights. */
function makeWorkspace() {
  const folder = mkdtempSync(join(tmpdir(), 'rnn-ui-ws-'));
  // n = 900 takes about 4 s on two threads here (the cost grows as n³), time enough to press Cancel.
  const n = 900;
  let seed = 11;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * (3.4 / Math.sqrt(n));
  const matrix = (r, c) =>
    Array.from({ length: r }, () => Array.from({ length: c }, () => Number(random().toFixed(6))));
  writeFileSync(
    join(folder, 'large.json'),
    JSON.stringify({
      cell: 'rnn',
      activation: 'tanh',
      W_hh: matrix(n, n),
      W_xh: matrix(n, 4),
      b_h: new Array(n).fill(0),
    }),
  );
  copyFileSync(join(repoRoot, 'examples', 'vanishing.json'), join(folder, 'vanishing.json'));
  writeFileSync(join(folder, 'notes.json'), JSON.stringify({ title: 'not weights', W: [[1]] }));
  return folder;
}

test(
  'cancel from the progress notification; the editor title and explorer menus offer the command on weights only',
  { timeout: 300_000 },
  async () => {
    const folder = makeWorkspace();
    const { page, close } = await openWorkbench({ folder, theme: 'dark', settings: SETTINGS });
    try {
      // Cancel a long analysis with the notification's Cancel button: it stops and no panel opens.
      await runAnalyzeFromPalette(page);
      await pickFile(page, 'large.json');
      // The progress shows in the notifications (code-server lists it in the notification centre without a toast).
      await page.locator('.statusbar-item[id*="notifications"]').first().click();
      const item = page.locator('.notifications-center .notification-list-item', { hasText: 'Analysing large.json' });
      await item.waitFor({ timeout: TIMEOUT });
      console.log(`  screenshot: ${await screenshot(page, 'analyze-progress-dark')}`);
      await item.hover();
      const cancelledAt = Date.now();
      await item.locator('.monaco-button', { hasText: 'Cancel' }).click();
      await item.waitFor({ state: 'hidden', timeout: 5_000 });
      console.log(`  the progress notification closed ${Date.now() - cancelledAt} ms after Cancel`);
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1500);
      assert.equal(
        await page.locator('.tab', { hasText: 'RNN gradients: large.json' }).count(),
        0,
        'no panel after a cancel',
      );

      // The quick pick remembers the last choice and offers it first.
      await runAnalyzeFromPalette(page);
      const first = page.locator('.quick-input-list .monaco-list-row').first();
      await first.waitFor({ timeout: TIMEOUT });
      assert.match(await first.innerText(), /large\.json[\s\S]*last analysed/);
      await page.keyboard.press('Escape');

      // The explorer's context menu offers the command on a weights file, not on other JSON.
      const menuEntries = async (name) => {
        await page
          .locator('.explorer-folders-view .monaco-list-row', { hasText: name })
          .first()
          .click({ button: 'right' });
        const menu = page.locator('.context-view .monaco-menu');
        await menu.waitFor({ timeout: TIMEOUT });
        const labels = await menu.locator('.action-label').allInnerTexts();
        await page.keyboard.press('Escape');
        return labels;
      };
      assert.ok(
        (await menuEntries('vanishing.json')).some((l) => l.includes('Analyze RNN gradients')),
        'menu on vanishing.json',
      );
      assert.ok(
        !(await menuEntries('notes.json')).some((l) => l.includes('Analyze RNN gradients')),
        'no entry on notes.json',
      );

      // Open the weights file and use the editor title button.
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'vanishing.json' }).first().dblclick();
      const titleButton = page.locator('.editor-actions .action-label[aria-label^="Analyze RNN gradients"]');
      await titleButton.waitFor({ timeout: TIMEOUT });
      await titleButton.click();
      const frame = webviewFrame(page);
      await frame.locator('#verdict').waitFor({ timeout: TIMEOUT });
      assert.equal(await frame.locator('#verdict').innerText(), 'Gradients vanish');
      assertPainted(await paintedPixels(frame));
      console.log(`  screenshot: ${await screenshot(page, 'analyze-panel-editor-title-dark')}`);
    } finally {
      await close();
      rmSync(folder, { recursive: true, force: true });
    }
  },
);
