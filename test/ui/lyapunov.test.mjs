// The long run in VS Code: a person analyses examples/vanishing.json, turns on Long run (Lyapunov), and sees the
// spectrum, the running λ₁ and the long-run verdict — with the numbers the CLI's `analyze --json --lyapunov` gives
// for the same file and settings (the CLI's exponents are checked against PyTorch by the unit tests). Then the
// units switch, the light theme, a cancel in the middle of a long run, and the warm-up, QR interval and tolerance
// fields: bad values refused in the CLI's words, good ones giving the CLI's numbers, all kept over a reload.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../scripts/vscode/paths.mjs';
import { pickFile, runAnalyzeFromPalette } from './analyze-steps.mjs';
import {
  openWorkbench,
  reportFailure,
  runCommandFromPalette,
  screenshot,
  screenshotDir,
  typeIntoField,
  webviewFrame,
} from './workbench.mjs';

const TIMEOUT = 90_000;
const SETTINGS = { 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true };

function cli(args) {
  const out = execFileSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args], { encoding: 'utf8' });
  return JSON.parse(out).lyapunov;
}

/** What the CLI says about a bad value of `flag` (exit 2), without its "rnn-gradients: --flag: " prefix. */
function cliRefusal(flag, value) {
  try {
    execFileSync(
      process.execPath,
      [join(repoRoot, 'dist', 'cli.js'), 'analyze', '--lyapunov', flag, value, vanishing],
      {
        encoding: 'utf8',
        stdio: 'pipe',
      },
    );
  } catch (error) {
    assert.equal(error.status, 2, error.stderr);
    const line = error.stderr.split('\n')[0];
    const prefix = `rnn-gradients: ${flag}: `;
    assert.ok(line.startsWith(prefix), line);
    return line.slice(prefix.length);
  }
  assert.fail(`the CLI took ${flag} ${value}`);
}

const vanishing = join(repoRoot, 'examples', 'vanishing.json');

async function fieldValue(frame, id) {
  return frame.locator(id).evaluate((element) => element.value);
}

/** The facts as "term: value" lines, as a person reads them. */
async function facts(frame) {
  return frame
    .locator('.facts dt')
    .evaluateAll((dts) => dts.map((dt) => `${dt.innerText}: ${dt.nextElementSibling.innerText}`.replace(/₁/g, '1')));
}

/** The first number in the fact whose term starts with `term`. */
function factNumber(lines, term) {
  const line = lines.find((l) => l.startsWith(term));
  assert.ok(line, `no fact "${term}" in ${lines.join(' | ')}`);
  const match = line.slice(term.length).match(/[-−]?\d+(\.\d+)?(e[-−+]?\d+)?/);
  assert.ok(match, line);
  return Number(match[0].replace(/−/g, '-'));
}

/** Shown with 4 significant digits: equal to the CLI's value to that precision. */
function assertShown(shown, exact, what) {
  assert.ok(Math.abs(shown - exact) <= 5e-4 * Math.abs(exact) + 1e-12, `${what}: panel ${shown}, CLI ${exact}`);
}

test(
  'Long run on examples/vanishing.json: the spectrum, the running λ₁ and the verdict match the CLI; cancel stops a long run',
  { timeout: 420_000 },
  async () => {
    const { page, close, logs } = await openWorkbench({
      folder: 'examples',
      theme: 'dark',
      width: 1500,
      height: 1200,
      settings: SETTINGS,
    });
    try {
      await runAnalyzeFromPalette(page);
      await pickFile(page, 'vanishing.json');
      const frame = webviewFrame(page);
      await frame.locator('#verdict').waitFor({ timeout: TIMEOUT });
      assert.equal(await frame.locator('section.chart-lyapunov').count(), 0, 'no long-run chart before it is asked');

      // Turn the long run on (default k: the state size 32, T = 1000): the analysis runs again with it.
      await frame.locator('#long-run').click();
      await frame.locator('section.chart-lyapunov canvas').waitFor({ timeout: TIMEOUT });
      await frame.locator('section.chart-lyapunovRunning canvas').waitFor({ timeout: TIMEOUT });
      await page.waitForTimeout(800);
      const reference = cli(['analyze', '--json', '--lyapunov', vanishing]);
      const lines = await facts(frame);
      const longRun = await frame.locator('#long-run-text').innerText();
      console.log(`  ${longRun}\n  ${lines.join('\n  ')}`);
      // The core's sentence, word for word as the CLI's `summary`.
      assert.equal(longRun, `Long run: ${reference.summary}.`);
      assertShown(factNumber(lines, 'λ1 (long run): '), reference.exponents[0], 'λ₁');
      assert.ok(lines.some((l) => l.startsWith(`positive exponents: ${reference.positiveCount} of ${reference.k}`)));
      assertShown(factNumber(lines, 'entropy rate'), reference.entropyRate, 'entropy rate');
      assertShown(factNumber(lines, 'Kaplan–Yorke dimension: '), reference.kaplanYorkeDimension, 'Kaplan–Yorke');
      const horizonLine = lines.find((l) => l.startsWith('predicted horizon'));
      assert.ok(horizonLine, lines.join(' | '));
      assertShown(
        Number(horizonLine.split(': ')[1].match(/[\d.]+/)[0]),
        reference.predictedHorizon,
        'predicted horizon',
      );
      assert.match(horizonLine, new RegExp(`measured on the Jacobian curve: (≥ )?${reference.measuredHorizon} steps`));

      // The spectrum's table holds every exponent, equal to the CLI's at the shown precision.
      await frame.locator('section.chart-lyapunov summary').click();
      const rows = await frame
        .locator('section.chart-lyapunov table tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText)));
      assert.equal(rows.length, reference.k);
      rows.forEach((row, i) => assertShown(Number(row[1].replace(/−/g, '-')), reference.exponents[i], `λ_${i + 1}`));
      const spectrum = frame.locator('section.chart-lyapunov');
      await spectrum.scrollIntoViewIfNeeded();
      await spectrum.screenshot({ path: join(screenshotDir, 'lyapunov-spectrum-dark.png') });
      const running = frame.locator('section.chart-lyapunovRunning');
      await running.scrollIntoViewIfNeeded();
      await running.screenshot({ path: join(screenshotDir, 'lyapunov-running-dark.png') });
      await frame.locator('#summary').screenshot({ path: join(screenshotDir, 'lyapunov-summary-dark.png') });

      // log10 per step: the chart's title and values follow; the CLI's λ₁ / ln 10.
      await frame.locator('#lyapunov-unit').click();
      await frame.locator('#lyapunov-unit vscode-option', { hasText: 'log10 per step' }).click();
      await frame.locator('#lyapunov-title', { hasText: 'log10' }).waitFor({ timeout: TIMEOUT });
      await frame.locator('section.chart-lyapunov summary').click();
      await frame.locator('section.chart-lyapunov summary').click();
      const first = await frame.locator('section.chart-lyapunov table tbody tr td').nth(1).innerText();
      assertShown(Number(first.replace(/−/g, '-')), Math.log10(Math.exp(reference.exponents[0])), 'λ₁ in log10');

      // The light theme: both charts are drawn again in its colours.
      await runCommandFromPalette(page, 'Toggle between Light/Dark Themes');
      await frame.locator('body.vscode-light').waitFor({ timeout: TIMEOUT });
      await page.waitForTimeout(800);
      await spectrum.scrollIntoViewIfNeeded();
      await spectrum.screenshot({ path: join(screenshotDir, 'lyapunov-spectrum-light.png') });
      await running.scrollIntoViewIfNeeded();
      await running.screenshot({ path: join(screenshotDir, 'lyapunov-running-light.png') });
      console.log(`  screenshot: ${await screenshot(page, 'lyapunov-light')}`);

      // A run of a million steps, cancelled from the progress notification: the panel keeps the previous result.
      await typeIntoField(page, frame.locator('#long-run-steps'), '1000000');
      await page.keyboard.press('Tab');
      await page.locator('.statusbar-item[id*="notifications"]').first().click();
      const item = page.locator('.notifications-center .notification-list-item', {
        hasText: 'Analysing vanishing.json',
      });
      await item.waitFor({ timeout: TIMEOUT });
      await page.waitForTimeout(1500);
      console.log(`  progress: ${(await item.innerText()).replace(/\s+/g, ' ')}`);
      console.log(`  screenshot: ${await screenshot(page, 'lyapunov-progress')}`);
      await item.hover();
      const cancelledAt = Date.now();
      await item.locator('.monaco-button', { hasText: 'Cancel' }).click();
      await frame.locator('#status', { hasText: 'Cancelled' }).waitFor({ timeout: 10_000 });
      console.log(`  the panel said Cancelled ${Date.now() - cancelledAt} ms after Cancel`);
      assert.equal(await frame.locator('section.chart-lyapunov canvas').count(), 1, 'the previous spectrum stays');

      // The long-run sentence once (its line, not again among the reasons), the error band one legend entry.
      const reasons = await frame.locator('ul.reasons li').allInnerTexts();
      assert.ok(!reasons.some((r) => r.includes(reference.summary)), `reasons: ${reasons.join(' | ')}`);
      for (const id of ['lyapunov', 'lyapunovRunning']) {
        const legend = await frame.locator(`section.chart-${id} .legend-label`).allInnerTexts();
        assert.deepEqual(
          legend.filter((l) => /standard error/.test(l)),
          ['± one standard error'],
          `${id}: ${legend.join(' | ')}`,
        );
      }

      // Warm-up, QR interval and early-stop tolerance: a bad value is refused with the CLI's words (both are the
      // core's), and good ones run the analysis the CLI runs with the same options.
      await typeIntoField(page, frame.locator('#long-run-steps'), '1000');
      await page.keyboard.press('Tab');
      const settings = [
        ['#long-run-warmup', '--warmup', 'x', '50'],
        ['#long-run-every', '--reorthonormalize-every', '11', '2'],
        ['#long-run-tolerance', '--lyapunov-tolerance', '-1', '0.05'],
      ];
      for (const [id, flag, bad, good] of settings) {
        await typeIntoField(page, frame.locator(id), bad);
        await page.keyboard.press('Tab');
        const words = cliRefusal(flag, bad);
        await frame.locator('.controls-message', { hasText: words }).waitFor({ timeout: TIMEOUT });
        assert.equal(await frame.locator('.controls-message').innerText(), words);
        await typeIntoField(page, frame.locator(id), good);
        await page.keyboard.press('Tab');
        // A good value runs the analysis again: let it finish, as a person would see it finish, before the next
        // field (the result redraws the controls, and a value typed meanwhile into a field left would be redrawn).
        await frame
          .locator('#status', { hasText: 'Analysing' })
          .waitFor({ timeout: 3000 })
          .catch(() => {});
        await frame.locator('#status', { hasText: 'Analysed in' }).waitFor({ timeout: TIMEOUT });
      }
      const options = ['--warmup', '50', '--reorthonormalize-every', '2', '--lyapunov-tolerance', '0.05'];
      const tuned = cli(['analyze', '--json', '--lyapunov', ...options, vanishing]);
      assert.equal(tuned.warmup, 50);
      assert.equal(tuned.reorthonormalizeEvery, 2);
      assert.ok(tuned.stoppedEarly && tuned.steps < 1000, `the CLI stopped early at ${tuned.steps}`);
      const tunedNote = `${tuned.steps} steps after a warm-up of 50`;
      await frame.locator('section.chart-lyapunov', { hasText: tunedNote }).waitFor({ timeout: TIMEOUT });
      await frame.locator('#long-run-text', { hasText: tuned.summary }).waitFor({ timeout: TIMEOUT });
      assert.equal(await frame.locator('#long-run-text').innerText(), `Long run: ${tuned.summary}.`);
      const tunedRows = async (f) =>
        f
          .locator('section.chart-lyapunov table tbody tr')
          .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText)));
      const shownTuned = await tunedRows(frame);
      assert.equal(shownTuned.length, tuned.k);
      // The unit is still log10 per step.
      shownTuned.forEach((row, i) =>
        assertShown(Number(row[1].replace(/−/g, '-')), tuned.exponents[i] / Math.LN10, `λ_${i + 1} (tuned)`),
      );
      assert.match(
        await frame.locator('section.chart-lyapunovRunning').innerText(),
        /stopped early: every standard error fell below the tolerance/,
      );
      await frame.locator('#controls').screenshot({ path: join(screenshotDir, 'lyapunov-fields-light.png') });
      console.log(`  screenshot: ${await screenshot(page, 'lyapunov-fields')}`);

      // Kept over a window reload, as k and T are: the restored panel shows and runs the same settings.
      await runCommandFromPalette(page, 'Developer: Reload Window');
      await page.waitForLoadState('domcontentloaded');
      await page.locator('.monaco-workbench').waitFor({ timeout: TIMEOUT });
      const restored = webviewFrame(page);
      await restored.locator('section.chart-lyapunov', { hasText: tunedNote }).waitFor({ timeout: TIMEOUT });
      assert.equal(await fieldValue(restored, '#long-run-warmup'), '50');
      assert.equal(await fieldValue(restored, '#long-run-every'), '2');
      assert.equal(await fieldValue(restored, '#long-run-tolerance'), '0.05');
      assert.equal(await fieldValue(restored, '#long-run-steps'), '1000');
      assert.equal(await restored.locator('#long-run-text').innerText(), `Long run: ${tuned.summary}.`);
    } catch (error) {
      await reportFailure(page, 'failed-lyapunov', logs);
      throw error;
    } finally {
      await close();
    }
  },
);
