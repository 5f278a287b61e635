// The few ONNX messages the analysis needs (onnx.proto: ModelProto, GraphProto, NodeProto, AttributeProto,
// TensorProto), decoded from the wire format. Fields are read by number; every other field is skipped unread.
// Subgraphs (If/Loop bodies) are not descended into: the schema's own nesting bounds the depth.
import { InputError } from '../../errors';
import { subMessage, wireFields, type WireField, type WireMessage } from './wire';

export interface OnnxTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly dataType: number;
  readonly floatData?: WireField[];
  readonly doubleData?: WireField[];
  readonly rawData?: Uint8Array;
  readonly external?: ReadonlyMap<string, string>;
  readonly dataLocation: number;
  /** Where the TensorProto is, for messages. */
  readonly path: string;
}

export interface OnnxAttribute {
  readonly name: string;
  readonly type: number;
  readonly i?: number;
  readonly f?: number;
  readonly s?: string;
  readonly t?: OnnxTensor;
  readonly ints: number[];
  readonly floats: number[];
  readonly strings: string[];
}

export interface OnnxNode {
  readonly name: string;
  readonly opType: string;
  readonly inputs: string[];
  readonly outputs: string[];
  readonly attributes: ReadonlyMap<string, OnnxAttribute>;
  readonly path: string;
}

export interface OnnxModel {
  readonly irVersion?: number;
  readonly producerName?: string;
  readonly producerVersion?: string;
  readonly opsets: { domain: string; version: number }[];
  readonly nodes: OnnxNode[];
  readonly initializers: OnnxTensor[];
  readonly inputs: string[];
}

const utf8 = new TextDecoder('utf-8');

class Decoder {
  constructor(readonly file: string) {}

  fail(path: string, field: WireField, problem: string): InputError {
    return new InputError(this.file, `${path} (byte ${field.offset})`, problem);
  }

  expect(path: string, field: WireField, wireType: number, what: string): void {
    if (field.wireType !== wireType) {
      throw this.fail(
        path,
        field,
        `field ${field.number} (${what}) has wire type ${field.wireType}, expected ${wireType}`,
      );
    }
  }

  text(path: string, field: WireField, what: string): string {
    this.expect(path, field, 2, what);
    return utf8.decode(field.bytes);
  }

  int(path: string, field: WireField, what: string): number {
    this.expect(path, field, 0, what);
    return field.value;
  }

  /** A repeated integer field, packed (one length-delimited run) or not. */
  ints(path: string, field: WireField, message: WireMessage, into: number[]): void {
    if (field.wireType === 0) into.push(field.value);
    else if (field.wireType === 2) {
      for (const v of wireFieldsOfPacked(this.file, subMessage(field, message), path)) into.push(v);
    } else throw this.fail(path, field, `field ${field.number} (integers) has wire type ${field.wireType}`);
  }

  model(message: WireMessage): OnnxModel {
    const model = { opsets: [] as { domain: string; version: number }[], nodes: [], initializers: [], inputs: [] } as {
      -readonly [K in keyof OnnxModel]: OnnxModel[K];
    };
    let graph: WireMessage | undefined;
    for (const f of wireFields(this.file, message, 'ModelProto')) {
      if (f.number === 1) model.irVersion = this.int('ModelProto.ir_version', f, 'ir_version');
      else if (f.number === 2) model.producerName = this.text('ModelProto.producer_name', f, 'producer_name');
      else if (f.number === 3) model.producerVersion = this.text('ModelProto.producer_version', f, 'producer_version');
      else if (f.number === 7) {
        this.expect('ModelProto.graph', f, 2, 'graph');
        graph = subMessage(f, message);
      } else if (f.number === 8) {
        this.expect('ModelProto.opset_import', f, 2, 'opset_import');
        model.opsets.push(this.opset(subMessage(f, message)));
      }
    }
    if (!graph) throw new InputError(this.file, 'ModelProto.graph', 'no graph: not an ONNX model');
    this.graph(graph, model);
    return model;
  }

  opset(message: WireMessage): { domain: string; version: number } {
    const opset = { domain: '', version: 0 };
    for (const f of wireFields(this.file, message, 'ModelProto.opset_import')) {
      if (f.number === 1) opset.domain = this.text('ModelProto.opset_import.domain', f, 'domain');
      else if (f.number === 2) opset.version = this.int('ModelProto.opset_import.version', f, 'version');
    }
    return opset;
  }

  graph(message: WireMessage, model: { nodes: OnnxNode[]; initializers: OnnxTensor[]; inputs: string[] }): void {
    for (const f of wireFields(this.file, message, 'graph')) {
      if (f.number === 1) {
        this.expect('graph.node', f, 2, 'node');
        model.nodes.push(this.node(subMessage(f, message), `graph.node[${model.nodes.length}]`));
      } else if (f.number === 5) {
        this.expect('graph.initializer', f, 2, 'initializer');
        model.initializers.push(this.tensor(subMessage(f, message), `graph.initializer[${model.initializers.length}]`));
      } else if (f.number === 11) {
        this.expect('graph.input', f, 2, 'input');
        for (const g of wireFields(this.file, subMessage(f, message), 'graph.input')) {
          if (g.number === 1) model.inputs.push(this.text('graph.input.name', g, 'name'));
        }
      }
    }
  }

  node(message: WireMessage, path: string): OnnxNode {
    const node = { name: '', opType: '', inputs: [] as string[], outputs: [] as string[], path };
    const attributes = new Map<string, OnnxAttribute>();
    for (const f of wireFields(this.file, message, path)) {
      if (f.number === 1) node.inputs.push(this.text(`${path}.input`, f, 'input'));
      else if (f.number === 2) node.outputs.push(this.text(`${path}.output`, f, 'output'));
      else if (f.number === 3) node.name = this.text(`${path}.name`, f, 'name');
      else if (f.number === 4) node.opType = this.text(`${path}.op_type`, f, 'op_type');
      else if (f.number === 5) {
        this.expect(`${path}.attribute`, f, 2, 'attribute');
        const a = this.attribute(subMessage(f, message), `${path}.attribute[${attributes.size}]`);
        attributes.set(a.name, a);
      }
    }
    return { ...node, attributes };
  }

  attribute(message: WireMessage, path: string): OnnxAttribute {
    const a = { name: '', type: 0, ints: [] as number[], floats: [] as number[], strings: [] as string[] } as {
      -readonly [K in keyof OnnxAttribute]: OnnxAttribute[K];
    };
    for (const f of wireFields(this.file, message, path)) {
      if (f.number === 1) a.name = this.text(`${path}.name`, f, 'name');
      else if (f.number === 20) a.type = this.int(`${path}.type`, f, 'type');
      else if (f.number === 3) a.i = this.int(`${path}.i`, f, 'i');
      else if (f.number === 2) {
        this.expect(`${path}.f`, f, 5, 'f');
        a.f = new DataView(f.bytes.buffer, f.bytes.byteOffset, 4).getFloat32(0, true);
      } else if (f.number === 4) a.s = this.text(`${path}.s`, f, 's');
      else if (f.number === 5) {
        this.expect(`${path}.t`, f, 2, 't');
        a.t = this.tensor(subMessage(f, message), `${path}.t`);
      } else if (f.number === 8) this.ints(`${path}.ints`, f, message, a.ints);
      else if (f.number === 7) {
        if (f.wireType !== 2 && f.wireType !== 5) throw this.fail(`${path}.floats`, f, 'floats: wrong wire type');
        const view = new DataView(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength);
        for (let i = 0; i + 4 <= f.bytes.byteLength; i += 4) a.floats.push(view.getFloat32(i, true));
      } else if (f.number === 9) a.strings.push(this.text(`${path}.strings`, f, 'strings'));
    }
    return a;
  }

  tensor(message: WireMessage, path: string): OnnxTensor {
    const t = { name: '', dims: [] as number[], dataType: 0, dataLocation: 0, path } as {
      -readonly [K in keyof OnnxTensor]: OnnxTensor[K];
    };
    const floats: WireField[] = [];
    const doubles: WireField[] = [];
    let external: Map<string, string> | undefined;
    for (const f of wireFields(this.file, message, path)) {
      if (f.number === 1) this.ints(`${path}.dims`, f, message, t.dims as number[]);
      else if (f.number === 2) t.dataType = this.int(`${path}.data_type`, f, 'data_type');
      else if (f.number === 8) t.name = this.text(`${path}.name`, f, 'name');
      else if (f.number === 4) floats.push(f);
      else if (f.number === 10) doubles.push(f);
      else if (f.number === 9) {
        this.expect(`${path}.raw_data`, f, 2, 'raw_data');
        t.rawData = f.bytes;
      } else if (f.number === 14) t.dataLocation = this.int(`${path}.data_location`, f, 'data_location');
      else if (f.number === 13) {
        this.expect(`${path}.external_data`, f, 2, 'external_data');
        let key = '';
        let value = '';
        for (const g of wireFields(this.file, subMessage(f, message), `${path}.external_data`)) {
          if (g.number === 1) key = this.text(`${path}.external_data.key`, g, 'key');
          else if (g.number === 2) value = this.text(`${path}.external_data.value`, g, 'value');
        }
        (external ??= new Map()).set(key, value);
      }
    }
    if (floats.length) t.floatData = floats;
    if (doubles.length) t.doubleData = doubles;
    if (external) t.external = external;
    return t;
  }
}

function* wireFieldsOfPacked(file: string, message: WireMessage, path: string): Generator<number> {
  // A packed run is a sequence of varints: read it as fields of a message whose keys are the values themselves
  // would be wrong, so decode it directly.
  const { bytes, base } = message;
  let at = 0;
  while (at < bytes.length) {
    let result = 0;
    let scale = 1;
    for (let i = 0; ; i++) {
      if (at >= bytes.length || i >= 10) {
        throw new InputError(file, `${path} (byte ${base + at})`, 'truncated or malformed packed integers');
      }
      const b = bytes[at++];
      result += (b & 0x7f) * scale;
      scale *= 128;
      if (b < 0x80) break;
    }
    yield result;
  }
}

export function decodeOnnxModel(bytes: Uint8Array, file: string): OnnxModel {
  return new Decoder(file).model({ bytes, base: 0 });
}
