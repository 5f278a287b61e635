// `npm start`: build, then open examples/ in a real VS Code with this repo loaded as a development extension.
// - With a desktop `code` on PATH: `code --extensionDevelopmentPath=<repo> examples` (an Extension Development
//   Host window; rebuild with `npm run watch` and run "Developer: Reload Window" to pick up changes).
// - Otherwise: code-server on 127.0.0.1 (installed on first use into .vscode-test/), and a URL to open in a
//   browser on this machine. The URL carries the same development-extension payload the tests use, so the
//   extension is loaded from the repo itself, not copied. Runs until Ctrl-C, then stops code-server.
// `RNN_START_WEB=1` forces code-server even when `code` exists.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureInstalled } from './vscode/install.mjs';
import { repoRoot } from './vscode/paths.mjs';
import { remoteUri, startCodeServer, workbenchUrl } from './vscode/server.mjs';

const examples = join(repoRoot, 'examples');

function build() {
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('build failed: not starting VS Code');
    process.exit(result.status || 1);
  }
}

function desktopCodeOnPath() {
  if (process.env.RNN_START_WEB === '1') return false;
  return spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
}

async function startWeb() {
  await ensureInstalled();
  const server = await startCodeServer();
  const url = workbenchUrl(server.baseUrl, {
    folder: examples,
    payload: [
      ['extensionDevelopmentPath', remoteUri(server.port, repoRoot)],
      ['skipWelcome', 'true'],
    ],
  });
  console.log(`\ncode-server ${server.baseUrl} (pid ${server.pid}, log ${server.dirs.log})`);
  console.log('Open this URL in a browser on this machine (examples/ with the extension loaded from the repo):\n');
  console.log(`  ${url}\n`);
  console.log('Rebuild with `npm run watch` in another terminal and run "Developer: Reload Window" to see changes.');
  console.log('Ctrl-C stops code-server.');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping code-server ...');
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  setInterval(() => {}, 1 << 30); // keep running until a signal
}

build();
if (desktopCodeOnPath()) {
  console.log(`code --extensionDevelopmentPath=${repoRoot} ${examples}`);
  spawn('code', [`--extensionDevelopmentPath=${repoRoot}`, examples], { stdio: 'inherit' }).on('exit', (code) =>
    process.exit(code ?? 0),
  );
} else {
  await startWeb();
}
