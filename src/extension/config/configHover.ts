// Hovers on config keys, computed by the core; the weights hover links to the analysis panel.
import * as vscode from 'vscode';
import { hoverAt } from '../../core/config/hover';
import { COMMANDS } from '../ids';
import type { ConfigCache } from './configCache';
import { isConfigDocument } from './configFiles';
import { toRange } from './convert';

/** `command:rnnGradients.analyze?[uri]`: VS Code revives the serialised URI into a vscode.Uri argument. */
export function analyzeLink(weightsFile: string): string {
  return `command:${COMMANDS.analyze}?${encodeURIComponent(JSON.stringify([vscode.Uri.file(weightsFile)]))}`;
}

export class ConfigHoverProvider implements vscode.HoverProvider {
  constructor(private readonly cache: ConfigCache) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    if (!isConfigDocument(document)) return undefined;
    const context = await this.cache.get(document);
    const hover = hoverAt(context, document.offsetAt(position), { analyzeLink });
    if (!hover) return undefined;
    const markdown = new vscode.MarkdownString(hover.markdown);
    markdown.isTrusted = { enabledCommands: [COMMANDS.analyze] };
    // Formulas carry <sub>/<sup> (src/core/notation.ts); VS Code's sanitizer keeps those and drops anything else.
    markdown.supportHtml = true;
    return new vscode.Hover(markdown, toRange(document, hover.range));
  }
}
