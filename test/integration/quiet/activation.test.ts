// Quiet activation: in a workspace with only unrelated JSON files (run.mjs opens one for this suite), opening
// and editing JSON does not activate the extension; one of its commands does.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/ids';

const repoRoot = join(__dirname, '..', '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  publisher: string;
  name: string;
};
const extensionId = `${manifest.publisher}.${manifest.name}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('quiet activation', () => {
  it('the workspace holds only unrelated JSON files', async () => {
    const files = await vscode.workspace.findFiles('**/*');
    assert.ok(files.length > 0, 'the workspace is empty');
    assert.deepEqual(
      files.filter((f) => !f.path.endsWith('.json')).map((f) => f.path),
      [],
    );
  });

  it('is not activated by start-up, nor by opening and editing JSON files', async () => {
    for (const file of await vscode.workspace.findFiles('**/*.json')) {
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), ' '));
    }
    // Time for a start-up activation (onStartupFinished) or a language activation (onLanguage:json) to happen.
    await sleep(5000);
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not loaded`);
    assert.equal(extension.isActive, false, 'the extension activated in a workspace where it has no work');
  });

  it('is activated by one of its commands', async () => {
    await vscode.commands.executeCommand(COMMANDS.cancelAnalysis);
    assert.equal(vscode.extensions.getExtension(extensionId)?.isActive, true);
  });
});
