// What the inspector says about an ONNX model beside its tensors: the producer and opset torch wrote, and each
// recurrent node with its attributes, in words rather than a JSON dump.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readOnnx } from '../../../../src/core/formats/onnx';
import { metadataText } from '../../../../src/core/inspect/metadata-lines';
import { onnxFixture } from './fixtures';

test('the inspector names the producer, the opset and each node of a torch.onnx.export file', () => {
  const file = readOnnx(onnxFixture('rnn-relu-bidirectional-2layers.onnx'), 'model.onnx');
  const text = metadataText(file.format, file.metadata);
  assert.equal(text.summary, 'by pytorch 1.13.0, opset 14');
  assert.deepEqual(text.details, [
    'Layer 0: RNN node "/RNN", bidirectional, hidden size 4, activations Relu, Relu.',
    'Layer 1: RNN node "/RNN_1", bidirectional, hidden size 4, activations Relu, Relu.',
  ]);
});
