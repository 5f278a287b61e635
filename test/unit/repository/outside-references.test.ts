// The repository explains itself: no comment, test or document points at something a clone does not have (a
// tracker's issue number, a section sign of a task text, a notes folder, a path on one machine). Each such line
// should state its reason instead.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { test } from 'node:test';
import { REPO } from '../helpers';

/** What a pointer outside the repository looks like. None of these literals matches its own source text. */
const OUTSIDE_REFERENCES: { pattern: RegExp; what: string }[] = [
  { pattern: /\bissues? ?#?\d+/i, what: 'an issue number' },
  { pattern: /§\s*\d/, what: 'a section of a task text' },
  { pattern: /\bnotes\//i, what: 'a notes folder' },
  { pattern: /(^|[\s'"`(])\/work\//, what: 'a path on one machine' },
];

/** Where people read the project's words: sources, tests, tooling, docs and the manifest. */
const SCANNED = ['src', 'webview', 'test', 'scripts', 'docs', 'schemas', 'media', 'examples', '.vscode', '.ci'];
const SCANNED_FILES = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', 'package.json', 'eslint.config.mjs'];
/** Generated reference data, not prose. */
const SKIPPED = [join('test', 'fixtures')];
const TEXT = new Set([
  '',
  '.ts',
  '.mjs',
  '.js',
  '.json',
  '.jsonc',
  '.md',
  '.py',
  '.yaml',
  '.yml',
  '.css',
  '.svg',
  '.html',
]);

export function findOutsideReferences(text: string): { line: number; what: string; text: string }[] {
  const found: { line: number; what: string; text: string }[] = [];
  text.split('\n').forEach((line, index) => {
    for (const { pattern, what } of OUTSIDE_REFERENCES) {
      if (pattern.test(line)) found.push({ line: index + 1, what, text: line.trim() });
    }
  });
  return found;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir) || SKIPPED.includes(relative(REPO, dir))) return [];
  if (statSync(dir).isFile()) return [dir];
  return readdirSync(dir).flatMap((name) => filesUnder(join(dir, name)));
}

test('the scan recognises each kind of outside reference', () => {
  // Each sample is cut in two so that this file does not match itself.
  const samples = [
    ['// see issue', ' 5'],
    ['// Issue', ' #12 asked for it'],
    ['// as in §', '3'],
    ['// (§', ' 2)'],
    ['// shared/notes', '/x.md'],
    ["read('/work", "/shared/a')"],
  ].map((halves) => halves.join(''));
  for (const sample of samples) assert.equal(findOutsideReferences(sample).length, 1, sample);
  const fine = [
    '// the issue is that n may be 0',
    '// 5 issues remain',
    'const notes = []',
    '// work/ folder',
    'a/work/b',
  ];
  for (const sample of fine) assert.deepEqual(findOutsideReferences(sample), [], sample);
});

test('no file of the repository points at something outside it', () => {
  const files = [...SCANNED, ...SCANNED_FILES]
    .flatMap((entry) => filesUnder(join(REPO, entry)))
    .filter((file) => TEXT.has(extname(file)));
  assert.ok(files.length > 100, `only ${files.length} files scanned`);
  const problems = files.flatMap((file) =>
    findOutsideReferences(readFileSync(file, 'utf8')).map(
      (hit) => `${relative(REPO, file)}:${hit.line}: ${hit.what}: ${hit.text}`,
    ),
  );
  assert.deepEqual(problems, [], `say the reason instead of pointing outside the repository:\n${problems.join('\n')}`);
});
