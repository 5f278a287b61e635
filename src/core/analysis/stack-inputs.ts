// What a deep layer of a stack really receives: layer 0 runs on the inputs, layer k on the outputs of layer k − 1
// (both directions concatenated, forward first, as PyTorch's and Keras' stacked and bidirectional layers do). A
// reverse direction runs over the reversed sequence; its outputs are put back in time order for the layer above.
import { runCell } from '../rnn/cells';
import { outputSizeOf, stateSize, type RecurrentModel, type RecurrentStack } from '../rnn/gated-model';
import { throwIfCancelled, type ComputeHooks } from '../rnn/hooks';

/** The inputs layer `layer` receives at steps 1..T when layer 0 receives `inputs` (every lower layer from s = 0). */
export function inputsOfLayer(
  stack: RecurrentStack,
  layer: number,
  inputs: readonly Float64Array[],
  hooks?: ComputeHooks,
): Float64Array[] {
  let current: Float64Array[] = [...inputs];
  for (let k = 0; k < layer; k++) {
    throwIfCancelled(hooks);
    const { forward, reverse } = stack.layers[k];
    const ahead = outputsInTimeOrder(forward, current, false);
    const back = reverse ? outputsInTimeOrder(reverse, current, true) : undefined;
    current = back ? ahead.map((h, t) => concatenated(h, back[t])) : ahead;
    hooks?.onProgress?.((k + 1) / layer, `layer ${k + 1} of ${stack.layers.length}: its outputs feed the next`);
  }
  return current;
}

/** The sequence a direction of a layer runs over: the reverse direction takes it backwards. */
export function inDirection(inputs: readonly Float64Array[], reverse: boolean): Float64Array[] {
  return reverse ? [...inputs].reverse() : [...inputs];
}

function outputsInTimeOrder(model: RecurrentModel, inputs: readonly Float64Array[], reverse: boolean): Float64Array[] {
  const trajectory = runCell(model, inDirection(inputs, reverse), new Float64Array(stateSize(model)));
  const outputs = trajectory.outputs.map((h) => h.subarray(0, outputSizeOf(model)));
  return reverse ? outputs.reverse() : outputs;
}

function concatenated(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
