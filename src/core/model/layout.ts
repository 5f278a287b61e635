// Which tensors make up which recurrent layer, from their names alone: the framework that owns the file, and per
// layer (module, layer index, direction) the tensor playing each role. Shapes are checked by the callers, which
// say different things about them (recognition refuses, the JSON diagnostics mark the place).
import { FRAMEWORKS, type Direction, type FrameworkNaming, type TensorRole } from './naming';

export interface LayerGroup<T> {
  readonly module: string;
  /** Counted from 0, as PyTorch's `_l<k>`; for Keras the layer's place among the file's recurrent layers. */
  readonly layer: number;
  readonly direction: Direction;
  readonly parts: ReadonlyMap<TensorRole, T>;
}

export interface WeightsLayout<T> {
  readonly naming: FrameworkNaming;
  /** Every group that has a recurrent matrix, by layer, then forward before reverse. */
  readonly layers: readonly LayerGroup<T>[];
}

interface MutableGroup<T> {
  module: string;
  index?: number;
  direction: Direction;
  parts: Map<TensorRole, T>;
}

/** The layout of the first framework (ours, PyTorch, Keras) that names a recurrent matrix among the tensors. */
export function weightsLayout<T extends { readonly name: string }>(tensors: Iterable<T>): WeightsLayout<T> | undefined {
  const all = [...tensors];
  for (const naming of FRAMEWORKS) {
    const layers = layersOf(naming, all);
    if (layers.length > 0) return { naming, layers };
  }
  return undefined;
}

function layersOf<T extends { readonly name: string }>(
  naming: FrameworkNaming,
  tensors: readonly T[],
): LayerGroup<T>[] {
  const groups = new Map<string, MutableGroup<T>>();
  for (const t of tensors) {
    const part = naming.parse(t.name);
    if (!part) continue;
    const key = JSON.stringify([part.module, part.index ?? null, part.direction]);
    let group = groups.get(key);
    if (!group) {
      group = {
        module: part.module,
        ...(part.index === undefined ? {} : { index: part.index }),
        direction: part.direction,
        parts: new Map(),
      };
      groups.set(key, group);
    }
    group.parts.set(part.role, t);
  }
  const recurrent = [...groups.values()].filter((g) => g.parts.has('recurrent'));
  // Names without an index (Keras, ours, PyTorch's *Cell modules) are numbered by module, in natural order.
  const modules = [...new Set(recurrent.filter((g) => g.index === undefined).map((g) => g.module))].sort(
    compareModules,
  );
  return recurrent
    .map((g) => ({
      module: g.module,
      layer: g.index ?? modules.indexOf(g.module),
      direction: g.direction,
      parts: g.parts,
    }))
    .sort((a, b) => a.layer - b.layer || a.direction.localeCompare(b.direction));
}

/** Natural order, one path segment at a time: Keras' simple_rnn/… comes before simple_rnn_1/… (whole-string
 * collation would weigh the '/' against the '_'). */
function compareModules(a: string, b: string): number {
  const as = a.split(/[./]/);
  const bs = b.split(/[./]/);
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const c = as[i].localeCompare(bs[i], 'en', { numeric: true });
    if (c !== 0) return c;
  }
  return as.length - bs.length;
}
