// Every identifier the extension shares with package.json and VS Code: command ids, view types, context keys,
// the settings section and workspace-state keys. Pure (no vscode import), so a unit test can hold it against
// package.json's contributions.

/** Commands contributed in package.json (palette, menus, CodeLens, hover links). */
export const COMMANDS = {
  analyze: 'rnnGradients.analyze',
  cancelAnalysis: 'rnnGradients.cancelAnalysis',
  inspectWeights: 'rnnGradients.inspectWeights',
  timeline: 'rnnGradients.timeline',
} as const;

/** Commands registered only when the extension runs in test mode: they read state for the integration tests. */
export const TEST_COMMANDS = {
  /** What each open analysis panel drew and the last error shown. */
  inspectPanels: 'rnnGradients.inspectPanels',
  /** The weights inspector's current table for a file. */
  weightsInspectorState: 'rnnGradients.weightsInspectorState',
  /** What each open timeline panel shows: its folder and timeline. */
  inspectTimelines: 'rnnGradients.inspectTimelines',
} as const;

export const VIEW_TYPES = {
  /** The analysis panel (a webview panel, revived by its serializer after a reload). */
  analysisPanel: 'rnnGradients.analysis',
  /** The timeline of a folder of checkpoints (revived by its serializer). */
  timelinePanel: 'rnnGradients.timeline',
  /** The inspector for .safetensors / .npy / .npz and PyTorch checkpoints, their default editor. */
  weightsInspector: 'rnnGradients.weightsInspector',
  /** The same inspector for weight JSON files, offered under "Open With…" only. */
  weightsInspectorJson: 'rnnGradients.weightsInspectorJson',
} as const;

/** Context keys set with `setContext` and read in package.json's `when` clauses. */
export const CONTEXT_KEYS = {
  analysisRunning: 'rnnGradients.analysisRunning',
  /** The workspace's weights files (paths), for the explorer and editor title menus. */
  weightsFiles: 'rnnGradients.weightsFiles',
} as const;

/** The section of every setting (`rnnGradients.threshold`, ...). */
export const SETTINGS_SECTION = 'rnnGradients';

export const WORKSPACE_STATE_KEYS = {
  lastWeightsFile: 'rnnGradients.lastWeightsFile',
} as const;
