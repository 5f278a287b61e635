// What two `analyze --json` outputs of the same tensors in different formats must share: everything but the file's
// own name, its format and checkpoint summary, and the timings. Also the rows of a tensor for a state_dict JSON.

export function comparableAnalysis(stdout: string): unknown {
  const result = JSON.parse(stdout) as Record<string, unknown> & { model: Record<string, unknown> };
  const model = { ...result.model };
  delete model.file;
  delete model.format;
  delete model.checkpoint;
  const rest: Record<string, unknown> = { ...result, model };
  delete rest.file;
  delete rest.timingsMs;
  return rest;
}

/** Row-major values as nested lists (a vector stays flat), as `{k: v.tolist()}` writes them. */
export function nestedRows(shape: readonly number[], values: readonly number[]): unknown {
  if (shape.length === 1) return values;
  const [rows, cols] = shape;
  return Array.from({ length: rows }, (_, r) => values.slice(r * cols, (r + 1) * cols));
}
