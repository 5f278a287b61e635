// A person reads the panel's charts on both examples in the Dark, Light and High Contrast themes: the measured
// curve fills the plot instead of hiding under a bound, both Jacobian norms and the horizon are visible pixels,
// every series stands out from the editor background (WCAG contrast ≥ 3:1, from the colours the page drew with),
// the mathematics reads as mathematics, and the share chart says in words where the gradient comes from.
// Screenshots of each chart land in test-results/screenshots/charts-<theme>-<example>-<chart>.png.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pickFile, runAnalyzeFromPalette } from './analyze-steps.mjs';
import { openWorkbench, runCommandFromPalette, screenshot, screenshotDir, webviewFrame } from './workbench.mjs';

const TIMEOUT = 90_000;
const SETTINGS = { 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true };
const THEMES = [
  { name: 'dark', theme: 'dark', workbenchClass: 'vs-dark' },
  { name: 'light', theme: 'light', workbenchClass: 'vs' },
  // Some code-server installs do not offer the high-contrast themes by name (a fresh install's Color Theme picker
  // lists none and searches the marketplace): there these two cases are skipped and say so.
  { name: 'high-contrast', theme: 'Default High Contrast', workbenchClass: 'hc-black', mayBeMissing: true },
  { name: 'high-contrast-light', theme: 'Default High Contrast Light', workbenchClass: 'hc-light', mayBeMissing: true },
];

/** WCAG 2 relative luminance and contrast ratio, written out here independently of the page's own helper. */
function luminance([r, g, b]) {
  const linear = (v) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}
function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * What the page drew, per chart: the colours of its series (from the chart's datasets, as the legend shows them)
 * resolved to rgb, and for each colour where its pixels lie on the canvas (count, rows spanned, the fullest column).
 */
async function readCharts(frame) {
  return frame.locator('body').evaluate(() => {
    const probe = document.createElement('span');
    document.body.append(probe);
    const rgba = (color) => {
      probe.style.color = '';
      probe.style.color = color;
      const [r, g, b, a = 1] = getComputedStyle(probe)
        .color.match(/[\d.]+/g)
        .map(Number);
      return [r, g, b, a];
    };
    const background = rgba(getComputedStyle(document.body).backgroundColor).slice(0, 3);
    // A translucent series colour is seen blended over the background.
    const rgb = (color) => {
      const [r, g, b, a] = rgba(color);
      return [r, g, b].map((c, i) => Math.round(a * c + (1 - a) * background[i]));
    };
    const charts = [...document.querySelectorAll('section.chart')].map((section) => {
      const canvas = section.querySelector('canvas');
      const { width, height } = canvas;
      const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
      const series = [...section.querySelectorAll('.chart-legend li')].map((item) => {
        const color = rgb(item.dataset.color);
        let count = 0;
        let top = height;
        let bottom = -1;
        const columns = new Uint32Array(width);
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) {
            const i = 4 * (y * width + x);
            const distance =
              Math.abs(data[i] - color[0]) + Math.abs(data[i + 1] - color[1]) + Math.abs(data[i + 2] - color[2]);
            if (distance > 24) continue;
            count++;
            top = Math.min(top, y);
            bottom = Math.max(bottom, y);
            columns[x]++;
          }
        }
        let fullest = 0;
        for (let x = 1; x < width; x++) if (columns[x] > columns[fullest]) fullest = x;
        // Columns at least half the canvas tall: a vertical marker drawn in full is as wide as its line.
        const tallColumns = columns.filter((n) => n > 0.5 * height).length;
        return {
          label: item.innerText.trim(),
          html: item.querySelector('.legend-label').innerHTML,
          color,
          count,
          rows: bottom >= top ? bottom - top + 1 : 0,
          fullestColumn: { x: fullest, pixels: columns[fullest] },
          tallColumns,
        };
      });
      return {
        id: canvas.id.replace(/-canvas$/, ''),
        width,
        height,
        title: section.querySelector('h2').innerHTML,
        note: section.querySelector('.chart-note').innerText,
        series,
      };
    });
    probe.remove();
    const raw = getComputedStyle(document.body).getPropertyValue('--vscode-charts-orange');
    return {
      raw,
      background,
      charts,
      text: document.body.innerText,
      summary: document.querySelector('#summary-text').innerText,
    };
  });
}

function assertReadable(seen, example, themeName) {
  const where = (chart, s) => `${themeName} ${example} ${chart.id}: ${s?.label ?? ''}`;
  // Mathematics as mathematics: no TeX braces anywhere in the page, scripts as real <sub>/<sup>.
  assert.doesNotMatch(seen.text, /[_^]\{/, `${themeName} ${example}: TeX source in the page`);
  const jacobian = seen.charts.find((c) => c.id === 'jacobian');
  assert.match(jacobian.title, /∂h<sub>T<\/sub>\/∂h<sub>T−l<\/sub>/);
  assert.ok(
    jacobian.series.some((s) => /\(γσ<sub>max<\/sub>\)<sup>l<\/sup>/.test(s.html)),
    'the Pascanu bound in the legend',
  );
  assert.match(seen.charts.find((c) => c.id === 'gradientShare').title, /∂E\/∂W<sub>hh<\/sub>/);

  for (const chart of seen.charts) {
    assert.ok(chart.series.length >= 2, `${chart.id} has a legend`);
    for (const s of chart.series) {
      const ratio = contrast(s.color, seen.background);
      assert.ok(
        ratio >= 3,
        `${where(chart, s)}: contrast ${ratio.toFixed(2)} of rgb(${s.color}) on rgb(${seen.background})`,
      );
    }
  }

  const [frobenius, spectral] = jacobian.series;
  const horizon = jacobian.series.find((s) => s.label.startsWith('horizon'));
  const plotHeight = 0.75 * jacobian.height; // the canvas less its axis labels and ticks, at most
  for (const s of [frobenius, spectral]) {
    assert.ok(s.count > 150, `${where(jacobian, s)}: only ${s.count} pixels of its own colour`);
    assert.ok(
      s.rows > 0.45 * plotHeight,
      `${where(jacobian, s)}: the measured curve spans ${s.rows} of ~${plotHeight} px`,
    );
  }
  assert.ok(
    horizon.fullestColumn.pixels > 0.6 * plotHeight,
    `${where(jacobian, horizon)}: the marker is ${horizon.fullestColumn.pixels} px tall`,
  );
  assert.ok(
    horizon.tallColumns >= 2,
    `${where(jacobian, horizon)}: the marker is ${horizon.tallColumns} px wide, cut by the plot's edge`,
  );
  for (const chart of seen.charts) {
    for (const s of chart.series) {
      // The 1/γ circle is empty when γ = 1 (it is the unit circle); everything else must show.
      if (/1\/γ = 1 \(/.test(s.label)) continue;
      assert.ok(s.count > 20, `${where(chart, s)}: ${s.count} pixels drawn`);
    }
  }
}

async function analyse(page, example) {
  await runAnalyzeFromPalette(page);
  await pickFile(page, example);
  const frame = webviewFrame(page);
  await frame.locator('#verdict').waitFor({ timeout: TIMEOUT });
  await page.waitForTimeout(800); // let the charts finish their first draw
  return frame;
}

async function chartScreenshots(page, frame, themeName, example) {
  await frame.locator('#summary').scrollIntoViewIfNeeded();
  await screenshot(page, `charts-${themeName}-${example.replace('.json', '')}-summary`);
  for (const id of ['jacobian', 'eigenvalues', 'gradientShare']) {
    const section = frame.locator(`section.chart-${id}`);
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({
      path: join(screenshotDir, `charts-${themeName}-${example.replace('.json', '')}-${id}.png`),
    });
  }
}

for (const { name, theme, workbenchClass, mayBeMissing } of THEMES) {
  test(`charts a person can read on both examples (${name})`, { timeout: 400_000 }, async (t) => {
    const { page, close, logs } = await openWorkbench({ folder: 'examples', theme, settings: SETTINGS });
    try {
      const themed = page.locator(`.monaco-workbench.${workbenchClass}`);
      if (
        mayBeMissing &&
        !(await themed.waitFor({ timeout: 30_000 }).then(
          () => true,
          () => false,
        ))
      ) {
        t.skip(`the theme "${theme}" is not available in this code-server install`);
        return;
      }
      await themed.waitFor({ timeout: TIMEOUT });

      let frame = await analyse(page, 'exploding.json');
      let seen = await readCharts(frame);
      console.log(
        `  ${name} exploding: ${JSON.stringify(seen.charts.map((c) => [c.id, c.series.map((s) => [s.label, `rgb(${s.color})`, s.count, s.rows])]))} on rgb(${seen.background}), charts-orange ${seen.raw}`,
      );
      await chartScreenshots(page, frame, name, 'exploding.json');
      assertReadable(seen, 'exploding', name);
      // The bound that leaves the fitted axis says where it goes.
      assert.match(
        seen.charts.find((c) => c.id === 'jacobian').note,
        /\(γσmax\)l leaves the chart above lag \d+ and reaches [\d.]+e\+\d+ at l = 100\./,
      );
      const shareNote = seen.charts.find((c) => c.id === 'gradientShare').note;
      assert.match(
        shareNote,
        /^Over 99\.9\s% of ∂E\/∂Whh comes from more than 50 steps back — the signature of explosion; lags \d+–99 alone give \d+\s%\./,
      );
      assert.ok(seen.summary.includes(shareNote.split(';')[0]), 'the summary says it too');
      assert.doesNotMatch(seen.text, /the last \d+ of \d+ steps/);

      await runCommandFromPalette(page, 'View: Close All Editors');
      frame = await analyse(page, 'vanishing.json');
      seen = await readCharts(frame);
      console.log(
        `  ${name} vanishing: ${JSON.stringify(seen.charts.map((c) => [c.id, c.series.map((s) => [s.label, `rgb(${s.color})`, s.count, s.rows])]))} on rgb(${seen.background}), charts-orange ${seen.raw}`,
      );
      await chartScreenshots(page, frame, name, 'vanishing.json');
      assertReadable(seen, 'vanishing', name);
      assert.match(
        seen.charts.find((c) => c.id === 'gradientShare').note,
        /^9\d\s% of ∂E\/∂Whh comes from the \d most recent steps \(lags 0–\d\); steps more than 50 back give less than 0\.1\s%\./,
      );
      console.log(`  screenshot: ${await screenshot(page, `charts-${name}-window`)}`);
    } catch (error) {
      console.log(`  screenshot: ${await screenshot(page, `failed-charts-${name}`)}`);
      console.log(
        logs
          .filter((l) => /error|rnn/i.test(l))
          .slice(-10)
          .join('\n')
          .slice(0, 3000),
      );
      throw error;
    } finally {
      await close();
    }
  });
}
