// Keras 2 / TF2 HDF5 files: `model.save('m.h5')` (root attributes keras_version, backend, model_config; the
// weights under model_weights) and `save_weights('w.h5')` (the weights at the root). The weights group lists
// its layers in layer_names, each layer group its variables in weight_names (both possibly split into
// name0, name1 …); each tensor is named by its variable name (simple_rnn/simple_rnn_cell/kernel:0), which the
// Keras naming in model/naming.ts recognises.
import { InputError } from '../../errors';
import type { Tensor, TensorFile } from '../../tensors';
import { Hdf5Reader } from '../hdf5/hdf5';
import { MemoryBudget } from '../limits';
import { kerasMetadata, parseModelConfig, type KerasLayerConfig } from './config';

export function readKerasH5(bytes: Uint8Array, file: string, budget: MemoryBudget = new MemoryBudget()): TensorFile {
  const h5 = new Hdf5Reader(bytes, file, budget);
  const configText = h5.textAttribute(h5.root, 'model_config');
  const layers: KerasLayerConfig[] = configText
    ? parseModelConfig(configText, file, 'HDF5 path / attribute model_config')
    : [];
  const weights = h5.group(h5.root, 'model_weights') ?? h5.root;
  const layerNames = h5.nameList(weights, 'layer_names');
  if (layerNames === undefined)
    throw new InputError(
      file,
      `HDF5 path ${weights.path}`,
      'no layer_names attribute: not a Keras weights file (model.save or save_weights)',
    );
  const tensors = new Map<string, Tensor>();
  const places = new Map<string, readonly string[]>();
  const weightsGroup = weights === h5.root ? [] : ['model_weights'];
  for (const layerName of layerNames) {
    const layer = h5.group(weights, layerName);
    if (!layer)
      throw new InputError(
        file,
        `HDF5 path ${weights.path}`,
        `layer_names lists "${layerName}", which has no group here`,
      );
    const weightNames = h5.nameList(layer, 'weight_names');
    if (weightNames === undefined)
      throw new InputError(file, `HDF5 path ${layer.path}`, 'the layer group has no weight_names attribute');
    for (const weightName of weightNames) {
      const dataset = h5.floatDataset(layer, weightName);
      if (!dataset) {
        if (h5.keys(layer).includes(weightName.split('/')[0])) continue; // integer or other non-float data
        throw new InputError(file, `HDF5 path ${layer.path}`, `weight_names lists "${weightName}", which is not here`);
      }
      tensors.set(weightName, { name: weightName, shape: dataset.shape, dtype: dataset.dtype, data: dataset.data });
      places.set(weightName, [...weightsGroup, layerName, ...weightName.split('/').slice(0, -1)]);
    }
  }
  const version = h5.textAttribute(h5.root, 'keras_version') ?? h5.textAttribute(weights, 'keras_version');
  return {
    file,
    format: weights === h5.root ? 'keras-h5-weights' : 'keras-h5',
    tensors,
    places,
    metadata: kerasMetadata(layers, version ? { kerasVersion: version } : {}),
  };
}
