import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// What the webview may import from outside webview/: the shared protocol and pure helpers (no Node, no
// vscode; webview/tsconfig.json, DOM types only, checks they compile for a browser). Paths from the root.
const WEBVIEW_MAY_IMPORT = [
  'src/protocol',
  'src/protocol/**',
  'src/core/format-number',
  'src/core/bounds',
  'src/core/notation',
  'src/core/model/describe',
  'src/core/analysis/gradient-source',
  'src/core/analysis/types',
  'src/core/analysis/lyapunov-units',
  'src/core/analysis/long-run-reason',
  'src/core/rnn/activations',
  'src/core/rnn/lyapunov/settings',
  'src/core/rnn/cells/timescales',
  'src/core/timeline/types',
];
// What src/core may not import: the layers that call it.
const CORE_MAY_NOT_IMPORT = ['src/extension/**', 'src/workers/**', 'src/cli/**', 'src/cli'];
// Deepest folder level the relative-path rules below are written out for.
const DEPTHS = [0, 1, 2, 3, 4, 5];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `src/x` matches the module src/x(.ts); `src/x/**` the folder src/x and anything under it. */
const pathRegex = (entry) =>
  entry.endsWith('/**') ? `${escape(entry.slice(0, -3))}(/.+)?` : `${escape(entry)}(\\.ts)?`;
const alternatives = (entries) => `(${entries.map(pathRegex).join('|')})`;
/** The start of a relative import that climbs `levels` folders. */
const up = (levels) => `^(\\.\\./){${levels}}`;
const filesAt = (root, depth) => [`${root}/${'*/'.repeat(depth)}*.ts`];

const webviewMessage = `webview/ imports only its own files, the shared protocol and pure helpers (${WEBVIEW_MAY_IMPORT.join(', ')}).`;
const browserOnly = 'the webview runs in a browser:';
const webviewRules = DEPTHS.map((depth) => ({
  files: filesAt('webview', depth),
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: [
          { name: 'vscode', message: `${browserOnly} no vscode import (talk to the host through the protocol).` },
          ...builtinModules.map((name) => ({ name, message: `${browserOnly} no Node modules.` })),
        ],
        patterns: [
          { regex: '^node:', message: `${browserOnly} no Node modules.` },
          // Climbing depth + 1 folders leaves webview/ for the repository root.
          {
            regex: `${up(depth + 1)}(?!${alternatives(WEBVIEW_MAY_IMPORT)}$)`,
            caseSensitive: true,
            message: webviewMessage,
          },
        ],
      },
    ],
  },
}));

const coreRules = DEPTHS.map((depth) => ({
  files: filesAt('src/core', depth),
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: [{ name: 'vscode', message: 'src/core is pure TypeScript: no vscode import.' }],
        patterns: [
          {
            // Climbing depth + 1 folders leaves src/core/ for src/ (one more, for the repository root).
            regex: `${up(depth + 1)}(\\.\\./src/)?${alternatives(CORE_MAY_NOT_IMPORT.map((p) => p.slice('src/'.length)))}$`,
            caseSensitive: true,
            message: 'src/core is called by the extension, the workers and the CLI, and imports none of them.',
          },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      '.vscode-test/**',
      'test/fixtures/**',
      'src/core/linalg/generated/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  ...webviewRules,
  ...coreRules,
);
