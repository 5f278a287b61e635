// The ONNX fixtures (written by scripts/fixtures/onnx.py with torch.onnx.export) and the state_dicts torch held.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// Compiled to out/test/unit/formats/onnx/: five levels below the repository root.
export const ONNX_FIXTURES = resolve(__dirname, '../../../../../test/fixtures/onnx');

export interface ExpectedOnnxFile {
  cell: 'rnn' | 'lstm' | 'gru';
  nonlinearity: 'tanh' | 'relu' | null;
  numLayers: number;
  bidirectional: boolean;
  constantFolding: boolean;
  stateDict: Record<string, { shape: number[]; values: number[] }>;
}

export const EXPECTED = JSON.parse(readFileSync(join(ONNX_FIXTURES, 'expected.json'), 'utf8')) as {
  files: Record<string, ExpectedOnnxFile>;
};

export function onnxFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(ONNX_FIXTURES, name)));
}
