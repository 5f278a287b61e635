// The answer in plain words: the verdict, how fast, how far back learning reaches, and why.
import { gradientSourceSentence } from '../src/core/analysis/gradient-source';
import { longRunReason } from '../src/core/analysis/long-run-reason';
import type { AnalysisResult } from '../src/core/analysis/types';
import { fmt, fmtCount, fmtMagnitude } from '../src/core/format-number';
import type { LyapunovReport } from '../src/core/analysis/types';
import { NOTATION } from '../src/core/notation';
import { formatNumber } from './charts/chartSetup';
import { mathNodes, setMathText } from './mathText';
import { gateBlock, gateWord, gatesIn } from './gateWords';
import { cellWord, layerChoiceLabel } from './layerWords';
import { isGated, shownSpectrum } from './spectrumChoice';

export function verdictHeading(result: AnalysisResult): string {
  switch (result.verdict.regime) {
    case 'vanishing':
      return 'Gradients vanish';
    case 'exploding':
      return 'Gradients explode';
    default:
      return 'On the edge: gradients neither clearly vanish nor explode';
  }
}

function fact(list: HTMLElement, term: string, value: string): void {
  const dt = document.createElement('dt');
  setMathText(dt, term);
  const dd = document.createElement('dd');
  setMathText(dd, value);
  list.append(dt, dd);
}

/** Fills `container` and returns the verdict, the summary and the facts as shown. */
export function renderSummary(
  container: HTMLElement,
  result: AnalysisResult,
  spectrumChoice?: string,
): { verdict: string; summary: string; facts: string[]; longRun: string } {
  const { model, spectrum, verdict } = result;
  const heading = document.createElement('h2');
  heading.id = 'verdict';
  heading.className = `verdict verdict-${verdict.regime}`;
  heading.textContent = verdictHeading(result);

  // The core's summary already gives the rate and the horizon in words; add where the gradient comes from.
  const sentences = [verdict.summary];
  sentences.push(gradientSourceSentence(result.gradient.shareByLag, verdict.regime));
  const summaryText = sentences.filter(Boolean).join(' ');
  const paragraph = document.createElement('p');
  paragraph.id = 'summary-text';
  setMathText(paragraph, summaryText);

  const facts = document.createElement('dl');
  facts.className = 'facts';
  const source = { file: 'from the file', default: 'default, the file does not say', override: 'chosen here' }[
    model.activationSource
  ];
  if (isGated(result)) {
    gatedFacts(facts, result, spectrumChoice);
  } else {
    fact(facts, 'hidden size', `${model.hiddenSize} (inputs ${model.inputSize})`);
    fact(facts, 'activation', `${model.activation} (${source})`);
    fact(facts, NOTATION.gamma, formatNumber(spectrum.gamma));
    fact(facts, 'spectral radius ρ', fmtMagnitude(spectrum.spectralRadius, spectrum.log10SpectralRadius));
    fact(facts, `largest singular value ${NOTATION.sigmaMax}`, fmtMagnitude(spectrum.sigmaMax, spectrum.log10SigmaMax));
    const log10GammaSigmaMax = spectrum.log10GammaSigmaMax;
    fact(
      facts,
      NOTATION.gammaSigmaMax,
      `${fmtMagnitude(spectrum.gammaSigmaMax, log10GammaSigmaMax)} ${log10GammaSigmaMax === null || log10GammaSigmaMax < 0 ? '(< 1: vanishing is guaranteed)' : '(≥ 1: exploding is possible)'}`,
    );
  }
  fact(facts, 'horizon', verdict.horizonReachesEnd ? `≥ ${verdict.horizon} steps` : `${verdict.horizon} steps`);
  if (model.layers.length > 1) fact(facts, 'layer', layerChoiceLabel(model, model.layers));
  if (result.lyapunov) longRunFacts(facts, result.lyapunov);

  const parts: HTMLElement[] = [heading, paragraph];
  // The long run's verdict is the core's sentence (lyapunovSentence), as the CLI prints it.
  const longRun = result.lyapunov ? `Long run: ${result.lyapunov.summary}.` : '';
  if (longRun) {
    const longRunParagraph = document.createElement('p');
    longRunParagraph.id = 'long-run-text';
    longRunParagraph.className = 'long-run';
    setMathText(longRunParagraph, longRun);
    parts.push(longRunParagraph);
  }
  parts.push(facts);
  // The long run's reason says what the "Long run:" line above says: once is enough.
  const longRunLine = result.lyapunov ? longRunReason(result.lyapunov) : undefined;
  const reasons = verdict.reasons.filter((reason) => reason !== longRunLine);
  if (reasons.length > 0) {
    const list = document.createElement('ul');
    list.className = 'reasons';
    for (const reason of reasons) {
      const item = document.createElement('li');
      item.append(...mathNodes(reason));
      list.append(item);
    }
    parts.push(list);
  }
  container.replaceChildren(...parts);
  const factLines = [...facts.querySelectorAll('dt')].map(
    (dt) => `${dt.textContent}: ${dt.nextElementSibling?.textContent ?? ''}`,
  );
  return { verdict: heading.textContent, summary: summaryText, facts: factLines, longRun };
}

/** −∞ (a direction mapped to zero) arrives from the host as null. */
const rate = (v: number | null): number => (typeof v === 'number' ? v : -Infinity);

/** The long run's numbers, natural log per step as the core computes them. */
function longRunFacts(facts: HTMLElement, ly: LyapunovReport): void {
  const lambda1 = rate(ly.exponents[0]);
  const se1 = ly.standardError[0];
  fact(facts, 'λ_1 (long run)', `${fmt(lambda1)}${se1 === null ? '' : ` ± ${fmt(se1)}`} per step (natural log)`);
  fact(facts, 'positive exponents', `${fmtCount(ly.positiveCount)} of ${fmtCount(ly.k)}`);
  fact(facts, 'entropy rate (Σ positive λ_i)', `${fmt(ly.entropyRate)} nats per step`);
  fact(
    facts,
    'Kaplan–Yorke dimension',
    `${fmt(ly.kaplanYorkeDimension)}${ly.kaplanYorkeAtLeast ? ` (at least: every partial sum of the ${fmtCount(ly.k)} exponents is ≥ 0; ask for more)` : ''}`,
  );
  const measured = `${ly.measuredHorizonReachesEnd ? '≥ ' : ''}${fmtCount(ly.measuredHorizon)} steps`;
  fact(
    facts,
    `predicted horizon ln(${fmt(ly.threshold)})/λ_1`,
    ly.predictedHorizon === null
      ? `none: λ_1 ≥ 0 (measured on the Jacobian curve: ${measured})`
      : `${fmt(ly.predictedHorizon)} steps (measured on the Jacobian curve: ${measured})`,
  );
  const inputs =
    ly.inputs.kind === 'file'
      ? ly.inputsCycled
        ? `the inputs file's ${fmtCount(ly.inputs.rows ?? 0)} rows, cycled over ${fmtCount(ly.inputs.steps)} steps`
        : `the inputs file's first ${fmtCount(ly.inputs.steps)} rows`
      : ly.inputs.kind === 'zeros'
        ? `zeros, ${fmtCount(ly.inputs.steps)} steps`
        : `seeded N(0, 1), seed ${ly.inputs.seed ?? 0}, ${fmtCount(ly.inputs.steps)} steps`;
  fact(facts, 'long-run inputs', `${inputs} (warm-up ${fmtCount(ly.warmup)}, counted ${fmtCount(ly.steps)})`);
}

/**
 * An LSTM/GRU's facts: the cell, its sizes, ρ and σ_max of the spectrum the eigenvalue chart shows, and each gate's
 * share of the recurrent gradient. (γσ_max bounds a vanilla RNN's step; a gated step has no such single factor.)
 */
function gatedFacts(facts: HTMLElement, result: AnalysisResult, spectrumChoice: string | undefined): void {
  const { model } = result;
  const cell = model.cell;
  fact(facts, 'cell', cellWord(cell));
  const projection = model.projSize !== undefined ? `, projection P = ${model.projSize}` : '';
  fact(facts, 'hidden size', `${model.hiddenSize} (inputs ${model.inputSize}${projection})`);
  fact(
    facts,
    'state size',
    cell === 'lstm'
      ? `${model.stateSize} (h and c: ${model.stateSize - model.hiddenSize} + ${model.hiddenSize})`
      : `${model.stateSize} (h)`,
  );
  if (cell === 'gru' && model.resetAfter !== undefined)
    fact(facts, 'reset gate', model.resetAfter ? 'applied after W_hn (PyTorch)' : 'applied before W_hn');
  const shown = shownSpectrum(result, spectrumChoice);
  fact(facts, `spectral radius ρ ${shown.qualifier}`, fmtMagnitude(shown.spectralRadius, shown.log10SpectralRadius));
  fact(
    facts,
    `largest singular value ${NOTATION.sigmaMax} ${shown.qualifier}`,
    fmtMagnitude(shown.sigmaMax, shown.log10SigmaMax),
  );
  const gradients = result.gradient.gates;
  for (const gate of gatesIn(cell, gradients)) {
    const g = gradients?.[gate];
    if (!g) continue;
    fact(facts, `‖∂E/∂${gateBlock(gate)}‖_F, ${gateWord(cell, gate)}`, formatNumber(g.frobenius));
  }
}
