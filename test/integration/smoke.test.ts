// The extension loads in a real VS Code: it is found, it activates, and its command is registered.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { TEST_COMMANDS } from '../../src/extension/ids';

const repoRoot = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  publisher: string;
  name: string;
};
const extensionId = `${manifest.publisher}.${manifest.name}`;

describe('extension smoke', () => {
  it('is installed as a development extension', () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `extension ${extensionId} not found among ${vscode.extensions.all.length} extensions`);
  });

  it('activates', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    await extension?.activate();
    assert.equal(extension?.isActive, true);
  });

  it('registers the rnnGradients.analyze command', async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('rnnGradients.analyze'), 'rnnGradients.analyze is not among the registered commands');
  });

  it('runs in test mode: the commands that exist only for tests are registered', async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
    const commands = await vscode.commands.getCommands(true);
    for (const command of Object.values(TEST_COMMANDS))
      assert.ok(commands.includes(command), `${command} is not registered`);
  });

  it('opened the examples folder as the workspace', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.deepEqual(
      folders.map((f) => f.uri.path.split('/').pop()),
      ['examples'],
    );
  });
});
