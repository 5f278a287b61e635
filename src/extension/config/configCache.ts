// The analysed config of each open document, recomputed when its text or the weights file it names changes.
// Reading the weights runs the core's analysis; results are cached per (document version, weights generation).
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { contextWithWeights } from '../../core/config/checkText';
import type { ConfigContext } from '../../core/config/context';
import { buildContext } from '../../core/config/context';

async function readBytes(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

interface Entry {
  version: number;
  generation: number;
  context: Promise<ConfigContext>;
}

export class ConfigCache {
  private readonly entries = new Map<string, Entry>();
  /** Bumped when any watched weights file changes, so every cached weights report is re-read. */
  private generation = 0;

  get(document: vscode.TextDocument): Promise<ConfigContext> {
    const key = document.uri.toString();
    const cached = this.entries.get(key);
    if (cached && cached.version === document.version && cached.generation === this.generation) return cached.context;
    const text = document.getText();
    const context =
      document.uri.scheme === 'file'
        ? contextWithWeights(text, document.uri.fsPath, { readBytes })
        : Promise.resolve(buildContext(text, document.fileName));
    this.entries.set(key, { version: document.version, generation: this.generation, context });
    return context;
  }

  weightsChanged(): void {
    this.generation++;
  }

  forget(document: vscode.TextDocument): void {
    this.entries.delete(document.uri.toString());
  }
}
