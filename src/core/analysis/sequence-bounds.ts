// The bounds of src/core/bounds.ts applied to one analysis, once the model's sizes and the number of steps are
// known and before anything per step is allocated: a refusal names the file and the bound.
import { BOUNDS, MAX_SEQUENCE_BYTES, maxStepsFor, sequenceBytes } from '../bounds';
import { InputError } from '../errors';
import { fmtCount } from '../format-number';
import { formatBytes } from '../formats/limits';
import { stateSize, type RecurrentModel } from '../rnn/gated-model';

/** `stepsFile`: the file the steps come from (an inputs file), else the weights file is named. */
export function assertSequenceWithinBounds(model: RecurrentModel, steps: number, stepsFile?: string): void {
  const file = model.source.file;
  const n = model.hiddenSize;
  // What is kept per step grows with the state (an LSTM's is h and c): n for a vanilla RNN, as before.
  const S = stateSize(model);
  const m = model.inputSize;
  if (n > BOUNDS.hiddenSize.max)
    throw new InputError(
      file,
      'W_hh',
      `hidden size ${fmtCount(n)} is over the bound of ${fmtCount(BOUNDS.hiddenSize.max)} units this analysis handles`,
    );
  if (m > BOUNDS.inputSize.max)
    throw new InputError(
      file,
      model.cell === 'rnn' ? 'W_xh' : 'W_ih',
      `input size ${fmtCount(m)} is over the bound of ${fmtCount(BOUNDS.inputSize.max)} inputs this analysis handles`,
    );
  if (steps > BOUNDS.steps.max)
    throw new InputError(
      stepsFile ?? file,
      '',
      `${fmtCount(steps)} steps: ${BOUNDS.steps.label} is at most ${fmtCount(BOUNDS.steps.max)}`,
    );
  const bytes = sequenceBytes(steps, S, m);
  if (bytes > MAX_SEQUENCE_BYTES)
    throw new InputError(
      stepsFile ?? file,
      '',
      `${fmtCount(steps)} steps of this model (n = ${fmtCount(n)}, m = ${fmtCount(m)}) need about ${formatBytes(bytes)}, over the ${formatBytes(MAX_SEQUENCE_BYTES)} bound on an analysis's memory; at most ${fmtCount(maxStepsFor(S, m))} steps for this model`,
    );
}
