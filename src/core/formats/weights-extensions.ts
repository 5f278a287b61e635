// The file extensions weights files go by: what the inspector opens by default (package.json's customEditors
// selector and menus agree) and what a timeline looks for in a folder.

/** Files the weights inspector opens by default. */
export const INSPECTOR_DEFAULT_EXTENSIONS = [
  'safetensors',
  'npy',
  'npz',
  'pt',
  'pth',
  'ckpt',
  'onnx',
  'h5',
  'keras',
] as const;

/** What a folder of checkpoints is searched for: the inspector's files and torch.save's other names (.bin: Hugging
 *  Face; .tar: older examples). JSON is left out: a run's folder holds configs and logs as JSON too (a glob can
 *  still name our JSON weights). */
export const CHECKPOINT_EXTENSIONS: readonly string[] = [...INSPECTOR_DEFAULT_EXTENSIONS, 'bin', 'tar'];
