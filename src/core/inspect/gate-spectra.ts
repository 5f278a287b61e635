// ρ and σ_max of each gate block of a gated cell's W_hh (W_hi, W_hf, W_hg, W_ho / W_hr, W_hz, W_hn), from the
// canonical model, so every layout gives the same numbers. With an LSTM projection a block is H × P and maps the
// projected h; its square H × H map from one cell output to the next gate input is block · W_hr.
import { matMul, type Matrix } from '../linalg/matrix';
import { gateBlock } from '../model/gate-blocks';
import { gateBlockNames } from '../model/naming';
import type { GatedRecurrent } from '../model/recognize-recurrent';
import { squareSpectrum, type SquareSpectrum } from './statistics';

export interface GateBlockSpectrum extends SquareSpectrum {
  /** The canonical block's name: W_hi … W_ho, W_hr, W_hz, W_hn. */
  readonly block: string;
  /** Whether the numbers are those of block · W_hr (an LSTM with a projection). */
  readonly projected: boolean;
  /** H: the square matrix measured is H × H. */
  readonly size: number;
}

export interface GateSpectraOptions {
  readonly shouldStop?: () => boolean;
}

/** From the canonical model (an LstmModel or GruModel is one) or a layer's recurrent part alone. */
export function gateBlockSpectra(
  model: Pick<GatedRecurrent, 'cell' | 'hiddenSize' | 'W_hh' | 'W_hr'>,
  options: GateSpectraOptions = {},
): GateBlockSpectrum[] {
  const H = model.hiddenSize;
  const W_hr = model.W_hr;
  return gateBlockNames(model.cell).map((block, k) => {
    const stored = gateBlock(model.W_hh, k, H);
    const square: Matrix = W_hr ? matMul(stored, W_hr) : stored;
    return { block, projected: !!W_hr, size: H, ...squareSpectrum(square, options) };
  });
}
