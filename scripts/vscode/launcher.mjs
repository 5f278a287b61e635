#!/usr/bin/env node
// A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }) (and
// @vscode/test-cli's useInstallation.fromPath): it takes the arguments they pass to desktop VS Code and runs the
// suite in code-server + headless Chromium instead (see driver.mjs). Electron-only flags are ignored.
//
// Understood: --extensionDevelopmentPath=P (repeatable), --extensionTestsPath=P, --user-data-dir=P,
// --extensions-dir=P, and one folder to open. Environment variables named RNN_* or MOCHA_* are handed to the
// extension host as extensionEnvironment (code-server's own environment reaches it too).
// RNN_VSCODE_TIMEOUT_MS overrides the 10-minute hard timeout; RNN_VSCODE_RAW_LOG=1 prints the unfiltered log.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_TIMEOUT_MS, runExtensionTests } from './driver.mjs';

/** Splits runTests' argument list into what the driver needs; unknown flags are collected, not fatal. */
export function parseLauncherArgs(argv) {
  const parsed = {
    developmentPaths: [],
    testsPath: undefined,
    userDataDir: undefined,
    extensionsDir: undefined,
    folder: undefined,
    ignored: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inlineValue] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const takesValue = [
      '--extensionDevelopmentPath',
      '--extensionTestsPath',
      '--user-data-dir',
      '--extensions-dir',
    ].includes(flag);
    const value = takesValue ? (inlineValue ?? argv[++i]) : undefined;
    if (flag === '--extensionDevelopmentPath') parsed.developmentPaths.push(resolve(value));
    else if (flag === '--extensionTestsPath') parsed.testsPath = resolve(value);
    else if (flag === '--user-data-dir') parsed.userDataDir = resolve(value);
    else if (flag === '--extensions-dir') parsed.extensionsDir = resolve(value);
    else if (!arg.startsWith('-')) parsed.folder = resolve(arg);
    else parsed.ignored.push(arg); // --no-sandbox, --disable-gpu-sandbox, --skip-welcome, ... (Electron / desktop only)
  }
  return parsed;
}

function forwardedEnvironment(env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => /^(RNN|MOCHA)_/.test(name)));
}

async function main() {
  const args = parseLauncherArgs(process.argv.slice(2));
  if (!args.testsPath || args.developmentPaths.length === 0) {
    console.error(
      'usage: launcher.mjs --extensionDevelopmentPath=<dir> --extensionTestsPath=<suite index> [--user-data-dir=<dir>] [--extensions-dir=<dir>] [folder]',
    );
    process.exit(2);
  }
  const timeoutMs = Number(process.env.RNN_VSCODE_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS;
  const code = await runExtensionTests({
    ...args,
    extensionEnvironment: forwardedEnvironment(process.env),
    timeoutMs,
    rawLog: process.env.RNN_VSCODE_RAW_LOG === '1',
  });
  process.exit(code);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
