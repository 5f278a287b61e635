// The inspector's first answer for a weights file: its tensors' names, shapes and dtypes and the tree of where each
// sits, from the file's headers, before any value is decoded. The weights worker sends it; the bench times it.
import type { ByteSource } from '../io/byteSource';
import { loadTensorFile, type LoadOptions } from '../formats/load';
import type { TensorFile } from '../tensors';
import type { TensorRow } from './file-report';
import { fileTree, type FileTree } from './file-tree';

export interface FileListing {
  readonly tensors: TensorFile;
  readonly rows: readonly TensorRow[];
  readonly tree: FileTree;
}

export function listWeightsFile(file: string, source: ByteSource, options: LoadOptions): FileListing {
  const tensors = loadTensorFile(file, source, options);
  const rows = [...tensors.tensors.values()].map((t) => ({ name: t.name, shape: t.shape, dtype: t.dtype }));
  return { tensors, rows, tree: fileTree(tensors) };
}
