// The gates in words: what each canonical gate is called, and its recurrent block's name (the eigenvalue chart's
// choices, the gates chart, the facts). Canonical order and names as the analysis reports them.
import type { AnalysisResult } from '../src/core/analysis/types';

export type GateName = keyof NonNullable<AnalysisResult['gates']>;

/** Canonical order: LSTM i, f, g, o; GRU r, z, n. */
export const GATE_ORDER = {
  lstm: ['i', 'f', 'g', 'o'],
  gru: ['r', 'z', 'n'],
} as const satisfies Record<'lstm' | 'gru', readonly GateName[]>;

const GATE_WORDS: Record<'lstm' | 'gru', Partial<Record<GateName, string>>> = {
  lstm: { i: 'input gate', f: 'forget gate', g: 'candidate (tanh)', o: 'output gate' },
  gru: { r: 'reset gate', z: 'update gate', n: 'candidate (tanh)' },
};

/** The gate names present in `record`, in canonical order for the cell (unknown cells: the record's order). */
export function gatesIn<T>(cell: string, record: Partial<Record<GateName, T>> | undefined): GateName[] {
  if (!record) return [];
  const order: readonly GateName[] = cell === 'lstm' ? GATE_ORDER.lstm : cell === 'gru' ? GATE_ORDER.gru : [];
  const present = Object.keys(record) as GateName[];
  return [...order.filter((g) => present.includes(g)), ...present.filter((g) => !order.includes(g))];
}

/** "f (forget gate)". */
export function gateWord(cell: string, gate: GateName): string {
  const words = cell === 'lstm' || cell === 'gru' ? GATE_WORDS[cell][gate] : undefined;
  return words ? `${gate} (${words})` : gate;
}

/** The gate's recurrent block in notation source form: W_hf. */
export function gateBlock(gate: GateName): string {
  return `W_h${gate}`;
}

/** A tanh candidate saturates at |·| > 0.95, a sigmoid gate below 0.05 and above 0.95. */
export function isCandidate(cell: string, gate: GateName): boolean {
  return (cell === 'lstm' && gate === 'g') || (cell === 'gru' && gate === 'n');
}
