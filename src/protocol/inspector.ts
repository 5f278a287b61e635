// Every message between the extension host and the weights inspector's page (webview/inspector/), typed once.
// Pure types: no vscode, no node. The page is untrusted: the host checks what it sends
// (src/extension/weights/inspectorEditor.ts).
import type { TensorRow } from '../core/inspect/file-report';
import type { FileTree } from '../core/inspect/file-tree';

export type { FileTree, FileTreeNode } from '../core/inspect/file-tree';

/** One tensor of the table, as the page draws it (a gated W_hh with its gate blocks' ρ and σ_max: TensorRow.gates). */
export interface InspectorRow extends TensorRow {
  /** The square recurrent matrix of a layer: its row is set apart and gets ρ and σ_max. */
  readonly recurrent: boolean;
  /** Said in the ρ / σ_max cells when the worker did not compute them (e.g. "in the analysis panel"). */
  readonly spectralNote?: string;
}

/** Everything the page shows; also what it keeps with setState, so a reloaded window draws it at once. */
export interface InspectorPageState {
  readonly file: string;
  readonly meta: string;
  /** Lines under the meta line: what a checkpoint says about itself, what was kept as data, notes. */
  readonly details?: readonly string[];
  readonly layers: string;
  readonly rows: readonly InspectorRow[];
  /** Where each tensor sits in the file, the file's metadata and its placeholders; tensor leaves name rows. */
  readonly tree?: FileTree;
  readonly analysable: boolean;
  readonly problem?: string;
  /** All statistics computed (or the read failed). */
  readonly done: boolean;
}

/** What the page keeps with setState: the last state and the tree nodes the user opened (their ids, the index
 * paths of the tree; absent until the user opens or closes one, when the page's defaults apply). */
export interface InspectorViewState extends InspectorPageState {
  readonly expanded?: readonly string[];
}

/** What the page reports having drawn: the host keeps it for the tests' state command. */
export interface RenderedTable {
  readonly rows: number;
  readonly withStatistics: number;
  readonly problem: boolean;
  /** The text of the table's header cells, and of every body cell row by row, as a person reads them. */
  readonly columns: readonly string[];
  readonly cells: readonly (readonly string[])[];
  /** The tensor each body row stands for, by name ('' for the tree's other rows and gate blocks). */
  readonly tensors: readonly string[];
}

export type HostToInspectorMessage = { readonly type: 'state' } & InspectorPageState;

export type InspectorToHostMessage =
  { readonly type: 'ready' } | ({ readonly type: 'rendered' } & RenderedTable) | { readonly type: 'analyze' };
