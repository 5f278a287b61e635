// The answer in plain words: the verdict, how fast, how far back learning reaches, and why.
import type { AnalysisResult } from '../src/core/analysis/types';
import { fmt } from '../src/core/format-number';
import { stepsHolding } from './charts/gradientShareChart';

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
  dt.textContent = term;
  const dd = document.createElement('dd');
  dd.textContent = value;
  list.append(dt, dd);
}

/** Fills `container` and returns the verdict and summary text as shown. */
export function renderSummary(container: HTMLElement, result: AnalysisResult): { verdict: string; summary: string } {
  const { model, spectrum, verdict } = result;
  const heading = document.createElement('h2');
  heading.id = 'verdict';
  heading.className = `verdict verdict-${verdict.regime}`;
  heading.textContent = verdictHeading(result);

  // The core's summary already gives the rate and the horizon in words; add where the gradient comes from.
  const sentences = [verdict.summary];
  const holding = stepsHolding(result.gradient.shareByLag, 0.99);
  if (holding > 0) sentences.push(`The last ${holding} steps carry 99% of the gradient of the tied weight W_hh.`);
  const summaryText = sentences.filter(Boolean).join(' ');
  const paragraph = document.createElement('p');
  paragraph.id = 'summary-text';
  paragraph.textContent = summaryText;

  const facts = document.createElement('dl');
  facts.className = 'facts';
  const source = { file: 'from the file', default: 'default, the file does not say', override: 'chosen here' }[model.activationSource];
  fact(facts, 'hidden size', `${model.hiddenSize} (inputs ${model.inputSize})`);
  fact(facts, 'activation', `${model.activation} (${source})`);
  fact(facts, 'γ = sup|σ′|', fmt(spectrum.gamma));
  fact(facts, 'spectral radius ρ', fmt(spectrum.spectralRadius));
  fact(facts, 'largest singular value σ_max', fmt(spectrum.sigmaMax));
  fact(
    facts,
    'γ·σ_max',
    `${fmt(spectrum.gammaSigmaMax)} ${spectrum.gammaSigmaMax < 1 ? '(< 1: vanishing is guaranteed)' : '(≥ 1: exploding is possible)'}`,
  );
  fact(facts, 'horizon', verdict.horizonReachesEnd ? `≥ ${verdict.horizon} steps` : `${verdict.horizon} steps`);
  if (model.layers.length > 1) fact(facts, 'layer', `${model.layer} (${model.direction})`);

  const parts: HTMLElement[] = [heading, paragraph, facts];
  const reasons = [...verdict.reasons];
  if (reasons.length > 0) {
    const list = document.createElement('ul');
    list.className = 'reasons';
    for (const reason of reasons) {
      const item = document.createElement('li');
      item.textContent = reason;
      list.append(item);
    }
    parts.push(list);
  }
  container.replaceChildren(...parts);
  return { verdict: heading.textContent, summary: summaryText };
}
