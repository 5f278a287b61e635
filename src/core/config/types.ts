// What the config checks produce: plain data, so the CLI and the editor show the same thing.
import type { TextRange } from './source';

export type Severity = 'error' | 'warning' | 'info';

/** Replace `length` characters at `offset` (in the original text) by `newText`. */
export interface TextEdit {
  readonly offset: number;
  readonly length: number;
  readonly newText: string;
}

export interface QuickFix {
  readonly title: string;
  /** Non-overlapping edits against the original text; together one undoable change. */
  readonly edits: readonly TextEdit[];
}

export type DiagnosticCode =
  | 'syntax'
  | 'invalid-value'
  | 'unknown-key'
  | 'horizon-short'
  | 'exploding-no-clip'
  | 'exploding-clipped'
  | 'weights-missing'
  | 'weights-unreadable'
  | 'weights-mismatch'
  | 'tied-shape'
  | 'tied-differ'
  | 'tied-unknown'
  | 'gate-init';

export interface ConfigDiagnostic {
  readonly range: TextRange;
  readonly severity: Severity;
  readonly message: string;
  readonly code: DiagnosticCode;
  /** The preferred quick fix. */
  readonly fix?: QuickFix;
  /** Further quick fixes for the same problem. */
  readonly otherFixes?: readonly QuickFix[];
}
