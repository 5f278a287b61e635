// The PyTorch reader's public face: what the integrator wires into load.ts and the inspector.
export { looksLikeTorchFile, readTorchCheckpoint } from './read-checkpoint';
export { torchCheckpointToTensorFile, type ToTensorFileOptions } from './to-tensor-file';
export type {
  CheckpointEntry,
  CheckpointMetadata,
  CheckpointNode,
  Placeholder,
  TorchCheckpoint,
  TorchTensor,
} from './types';
export { checkpointSummary, type CheckpointSummary } from './checkpoint-summary';
