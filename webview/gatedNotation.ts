// The gated cells' and stacks' Jacobians in notation source form (src/core/notation.ts renders them): the full
// state s (LSTM: h then c), the hidden and cell paths, and a stack's S (every layer's state).
import { NOTATION } from '../src/core/notation';

export const GATED_NOTATION = {
  /** LSTM: the full state s = (h, c). */
  stateJacobianNorm: '‖∂s_T/∂s_(T−l)‖',
  /** ∂h_T/∂h_{T−l} with c_{T−l} held fixed. */
  hiddenJacobianNorm: NOTATION.jacobianNorm,
  /** ∂c_T/∂c_{T−l} with h_{T−l} held fixed: the cell path. */
  cellJacobianNorm: '‖∂c_T/∂c_(T−l)‖',
  stackJacobianNorm: '‖∂S_T/∂S_(T−l)‖',
  topToBottomJacobianNorm: '‖∂h^top_T/∂h^0_(T−l)‖',
  /** The step Jacobian the LSTM/GRU spectrum is of: linearised at s = 0, x = 0. */
  originStepJacobian: '∂s_t/∂s_(t−1) at s = 0, x = 0',
} as const;

/** "‖∂c_T/∂c_(T−l)‖" → "‖∂c_T/∂c_(T−l)‖₂" (spectral) or "…‖_F" (Frobenius). */
export function normed(norm: string, kind: 'frobenius' | 'spectral'): string {
  return kind === 'spectral' ? `${norm}₂` : `${norm}_F`;
}
