// A few lines of protobuf wire format, to write the hostile ONNX models the bad-input tests need.
const varint = (n: number): number[] => {
  const out: number[] = [];
  do {
    out.push((n % 128) | (n >= 128 ? 0x80 : 0));
    n = Math.floor(n / 128);
  } while (n > 0);
  return out;
};

export const int = (field: number, value: number): number[] => [...varint(field * 8), ...varint(value)];
export const bytes = (field: number, payload: readonly number[]): number[] => [
  ...varint(field * 8 + 2),
  ...varint(payload.length),
  ...payload,
];
export const text = (field: number, s: string): number[] => bytes(field, [...Buffer.from(s, 'utf8')]);
export const floats = (values: readonly number[]): number[] => [...Buffer.from(new Float32Array(values).buffer)];

export interface TensorSpec {
  name: string;
  dims: number[];
  raw?: number[];
  external?: { location: string; offset?: number; length?: number };
}

export function tensor(t: TensorSpec): number[] {
  const entry = (k: string, v: string) => bytes(13, [...text(1, k), ...text(2, v)]);
  return [
    ...t.dims.flatMap((d) => int(1, d)),
    ...int(2, 1),
    ...text(8, t.name),
    ...(t.raw ? bytes(9, t.raw) : []),
    ...(t.external
      ? [
          ...entry('location', t.external.location),
          ...(t.external.offset === undefined ? [] : entry('offset', String(t.external.offset))),
          ...(t.external.length === undefined ? [] : entry('length', String(t.external.length))),
          ...int(14, 1),
        ]
      : []),
  ];
}

/** A model with one RNN node named `node` over the given initializers (inputs X, W, R, B unless told). */
export function rnnModel(
  node: string,
  initializers: TensorSpec[],
  activation = 'Tanh',
  hidden = 2,
  inputs: readonly string[] = ['X', 'W', 'R', 'B'],
): Uint8Array {
  const attribute = (name: string, type: number, payload: number[]) =>
    bytes(5, [...text(1, name), ...int(20, type), ...payload]);
  const nodeProto = [
    ...inputs.flatMap((i) => text(1, i)),
    ...text(2, 'Y'),
    ...text(3, node),
    ...text(4, 'RNN'),
    ...attribute('hidden_size', 2, int(3, hidden)),
    ...attribute('activations', 8, text(9, activation)),
  ];
  const graph = [
    ...bytes(1, nodeProto),
    ...initializers.flatMap((t) => bytes(5, tensor(t))),
    ...bytes(11, text(1, 'X')),
  ];
  return new Uint8Array([...int(1, 8), ...bytes(7, graph), ...bytes(8, int(2, 14))]);
}

/** W [1, 2, 1], R [1, 2, 2], B [1, 4] of a hidden size 2, input size 1 RNN. */
export const SMALL_RNN: TensorSpec[] = [
  { name: 'W', dims: [1, 2, 1], raw: floats([0.5, -0.25]) },
  { name: 'R', dims: [1, 2, 2], raw: floats([0.5, 0.1, -0.2, 0.4]) },
  { name: 'B', dims: [1, 4], raw: floats([0.1, 0.2, 0.3, 0.4]) },
];
