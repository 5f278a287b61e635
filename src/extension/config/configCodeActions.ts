// Quick fixes for config diagnostics: each fix the core computed becomes one CodeAction with one WorkspaceEdit.
import * as vscode from 'vscode';
import type { ConfigDiagnostics } from './configDiagnostics';
import { DIAGNOSTIC_SOURCE, toDiagnostic, toWorkspaceEdit } from './convert';

export class ConfigCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  };

  constructor(private readonly diagnostics: ConfigDiagnostics) {}

  provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const asked = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    const actions: vscode.CodeAction[] = [];
    for (const core of this.diagnostics.coreDiagnostics(document)) {
      const fixes = [core.fix, ...(core.otherFixes ?? [])].filter((f) => f !== undefined);
      if (fixes.length === 0) continue;
      const shown = toDiagnostic(document, core);
      const match = asked.find((d) => d.code === core.code && d.range.isEqual(shown.range));
      if (!match && !shown.range.intersection(range)) continue;
      fixes.forEach((fix, i) => {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = toWorkspaceEdit(document, fix);
        action.diagnostics = [match ?? shown];
        action.isPreferred = i === 0;
        actions.push(action);
      });
    }
    return actions;
  }
}
