// The extension as a user gets it: `npm run package` makes the .vsix, code-server's --install-extension installs
// it into a fresh extensions folder, and a workbench with no development extension runs the analysis from it.
// Whatever the .vsix leaves out that the extension loads at run time (a worker bundle, the webview script, the
// panel's stylesheet) shows up here as an analysis that fails or a panel that never shows its verdict.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { removeDirWhileExiting } from '../../scripts/vscode/cleanup.mjs';
import { ensureInstalled } from '../../scripts/vscode/install.mjs';
import { repoRoot } from '../../scripts/vscode/paths.mjs';
import { installVsix, packageVsix, vsixEntries } from '../../scripts/vscode/vsix.mjs';
import { pickFile, runAnalyzeFromPalette } from './analyze-steps.mjs';
import { notificationTexts, openWorkbench, runCommandFromPalette, screenshot, webviewFrame } from './workbench.mjs';

const TIMEOUT = 90_000;
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

/** Every notification's text, also those no longer shown as a toast (from the notification centre). */
async function allNotifications(page) {
  const toasts = await notificationTexts(page);
  await runCommandFromPalette(page, 'Notifications: Show Notifications').catch(() => {});
  const listed = await page.locator('.notifications-center .notification-list-item-message').allInnerTexts();
  return JSON.stringify([...new Set([...toasts, ...listed])]);
}

let packaged;
let extensionsDir;

before(async () => {
  await ensureInstalled();
  packaged = packageVsix();
  extensionsDir = mkdtempSync(join(tmpdir(), 'rnnext-'));
});

/** The names in `folder` matching `pattern`, waited for a few seconds (a thread writes its cache after replying). */
async function waitForFiles(folder, pattern) {
  for (let tries = 0; ; tries++) {
    const found = existsSync(folder) ? readdirSync(folder).filter((name) => pattern.test(name)) : [];
    if (found.length > 0 || tries >= 50) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

after(() => {
  if (packaged) removeDirWhileExiting(packaged.stage);
  if (extensionsDir) removeDirWhileExiting(extensionsDir);
});

test('the .vsix holds what runs and nothing else', () => {
  const entries = vsixEntries(packaged.vsix);
  const files = entries.filter((name) => name.startsWith('extension/')).map((name) => name.slice('extension/'.length));
  console.log(`  ${packaged.vsix}: ${files.length} files\n    ${files.join('\n    ')}`);
  for (const needed of [manifest.main, manifest.icon, 'package.json', 'readme.md', 'changelog.md', 'LICENSE.txt']) {
    const path = needed.replace(/^\.\//, '');
    assert.ok(
      files.some((file) => file.toLowerCase() === path.toLowerCase()),
      `${path} is missing`,
    );
  }
  const schemas = manifest.contributes.jsonValidation.map((rule) => rule.url.replace(/^\.\//, ''));
  for (const schema of schemas) assert.ok(files.includes(schema), `${schema} is missing`);
  assert.ok(files.includes('media/panel.css'), 'the panel stylesheet is missing');

  const bundles = files.filter((file) => file.startsWith('dist/'));
  assert.ok(bundles.length >= 3, `only ${bundles.join(', ')} in dist/`);
  assert.deepEqual(
    bundles.filter((file) => !/^dist\/[\w-]+(\.bundle)?\.js$/.test(file)),
    [],
    'only bundles in dist/, no maps',
  );
  assert.ok(!bundles.includes('dist/bench.js'), 'the benchmark bundle is packaged');
  assert.ok(!bundles.includes('dist/cli.bundle.js'), 'the command-line bundle is packaged');
  // Each worker's launcher, the bundle it runs, and the launcher module they share.
  for (const bundle of bundles.filter((file) => file.endsWith('.bundle.js'))) {
    assert.ok(bundles.includes(bundle.replace('.bundle.js', '.js')), `${bundle} without its launcher`);
  }
  assert.ok(bundles.includes('dist/analysisWorker.bundle.js'), 'the analysis worker is missing');
  assert.ok(bundles.includes('dist/compileCache.js'), 'the launchers run nothing without dist/compileCache.js');
  const outside = files.filter((file) =>
    /^(src|test|out|scripts|node_modules|examples|webview|docs|\.vscode)\//.test(file),
  );
  assert.deepEqual(outside, [], 'sources, tests or tooling are packaged');
});

test(
  'installed from the .vsix into a fresh code-server, it analyses a weights file',
  { timeout: 300_000 },
  async () => {
    const output = installVsix(packaged.vsix, extensionsDir);
    assert.match(output, /successfully installed/, output);
    const installed = readdirSync(extensionsDir).filter((name) =>
      name.startsWith(`${manifest.publisher}.${manifest.name}-`),
    );
    assert.equal(installed.length, 1, `installed: ${readdirSync(extensionsDir).join(', ')}`);
    assert.ok(
      existsSync(join(extensionsDir, installed[0], manifest.main)),
      'the installed extension has its main bundle',
    );

    const { page, close, logs, server } = await openWorkbench({
      folder: 'examples',
      theme: 'dark',
      extensionPath: null,
      extensionsDir,
    });
    try {
      await runAnalyzeFromPalette(page);
      await pickFile(page, 'vanishing.json');
      const verdict = webviewFrame(page).locator('#verdict');
      // Either the panel shows its verdict, or an error notification says why the analysis did not run.
      const errorToasts = page.locator('.notifications-toasts .notification-list-item:has(.codicon-error)');
      const panelError = webviewFrame(page).locator('#error');
      const shown = await Promise.race([
        verdict.waitFor({ timeout: TIMEOUT }).then(() => 'verdict'),
        panelError.waitFor({ timeout: TIMEOUT }).then(() => 'panel error'),
        errorToasts
          .first()
          .waitFor({ timeout: TIMEOUT })
          .then(() => 'error'),
      ]).catch(() => 'nothing');
      if (shown !== 'verdict') {
        console.log(`  screenshot: ${await screenshot(page, 'packaged-failed')}`);
        console.log(logs.slice(-20).join('\n'));
      }
      assert.equal(shown, 'verdict', `the panel showed no verdict; notifications: ${await allNotifications(page)}`);
      assert.match(await verdict.innerText(), /vanish/i);
      console.log(`  screenshot: ${await screenshot(page, 'packaged-panel')}`);
      // The analysis worker ran through its launcher in the server's runtime and left V8's code cache for the next
      // one, in the user's cache folder (XDG_CACHE_HOME of the server).
      const cacheFolder = join(server.dirs.home, '.cache', 'rnn-gradients', 'v8');
      const cached = await waitForFiles(cacheFolder, /^analysisWorker-.*\.v8cache$/);
      assert.ok(cached.length === 1, `no code cache of the analysis worker in ${cacheFolder}: ${cached.join(', ')}`);
    } finally {
      await close();
    }
  },
);
