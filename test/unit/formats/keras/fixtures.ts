// The Keras fixtures (written by h5py from scripts/fixtures/keras.py) and the weights the generator put in them.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// Compiled to out/test/unit/formats/keras/: five levels below the repository root.
export const KERAS_FIXTURES = resolve(__dirname, '../../../../../test/fixtures/keras');

export interface ExpectedKerasFile {
  layers: string[];
  /** The SimpleRNN activation the model config states, when its layers agree on one. */
  activation: string | null;
  /** By Keras 2 variable name (simple_rnn/simple_rnn_cell/kernel:0), the float64 values in row-major order. */
  tensors: Record<string, { shape: number[]; values: number[] }>;
}

export const expectedKeras = JSON.parse(readFileSync(join(KERAS_FIXTURES, 'expected.json'), 'utf8')) as {
  files: Record<string, ExpectedKerasFile>;
};

export function kerasFixture(name: string): Uint8Array {
  return readFileSync(join(KERAS_FIXTURES, name));
}
