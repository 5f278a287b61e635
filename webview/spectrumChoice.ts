// Which spectrum the eigenvalue chart and the facts show: for an LSTM/GRU, the step Jacobian linearised at the
// origin (the default) or one gate's recurrent block. Pure: the chart, the facts and the tests share it.
import type { AnalysisResult, GateSpectrum } from '../src/core/analysis/types';
import { NOTATION } from '../src/core/notation';
import { gateBlock, gateWord, gatesIn, type GateName } from './gateWords';

/** 'origin': the spectrum the analysis leads with (W_hh for an RNN); else a gate's block. */
export type SpectrumChoice = 'origin' | GateName;

export interface ShownSpectrum extends GateSpectrum {
  choice: SpectrumChoice;
  /** What the eigenvalues are of, in notation source form: W_hh, ∂s_t/∂s_(t−1) at s = 0, x = 0, W_hf. */
  name: string;
  /** For the facts: "(origin Jacobian)", "(W_hf, forget gate)"; '' for an RNN. */
  qualifier: string;
  /** γ of the activation, for the 1/γ circle: only a vanilla RNN's W_hh has one. */
  gamma?: number;
}

export function isGated(result: AnalysisResult): boolean {
  return result.model.cell === 'lstm' || result.model.cell === 'gru';
}

/** The choices the chart's header offers, in order: the origin Jacobian, then each gate block present. */
export function spectrumChoices(result: AnalysisResult): { value: SpectrumChoice; label: string }[] {
  if (!isGated(result)) return [];
  const cell = result.model.cell;
  return [
    { value: 'origin', label: 'step Jacobian at the origin' },
    ...gatesIn(cell, result.spectrum.gates).map((g) => ({
      value: g,
      label: `${gateBlock(g)}: ${gateWord(cell, g)}`,
    })),
  ];
}

/** The spectrum to show for `choice`; a choice this result does not have (a saved one, another file) is the origin. */
export function shownSpectrum(result: AnalysisResult, choice: string | undefined): ShownSpectrum {
  const { spectrum } = result;
  const cell = result.model.cell;
  const gate = isGated(result) && choice && choice !== 'origin' ? spectrum.gates?.[choice as GateName] : undefined;
  if (gate) {
    const g = choice as GateName;
    return { ...pick(gate), choice: g, name: gateBlock(g), qualifier: `(${gateBlock(g)}, ${gateWord(cell, g)})` };
  }
  if (!isGated(result)) {
    return {
      ...pick(spectrum),
      choice: 'origin',
      name: NOTATION.recurrentWeight,
      qualifier: '',
      gamma: spectrum.gamma,
    };
  }
  return {
    ...pick(spectrum),
    choice: 'origin',
    name: spectrum.of ?? NOTATION.originStepJacobian,
    qualifier: '(step Jacobian at the origin)',
  };
}

function pick(s: GateSpectrum): GateSpectrum {
  return {
    eigenvalues: s.eigenvalues,
    spectralRadius: s.spectralRadius,
    log10SpectralRadius: s.log10SpectralRadius,
    sigmaMax: s.sigmaMax,
    log10SigmaMax: s.log10SigmaMax,
  };
}
