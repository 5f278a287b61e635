// Checks what the timeline panel's webview sends, and the state it saved, before the host uses them: the page is
// untrusted, and a saved state survives reloads.
import { isWithinBound } from '../../core/bounds';
import type { TimelinePanelState, TimelineWebviewMessage } from '../../protocol';

const MAX_PATH_LENGTH = 4096;
type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPath = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_PATH_LENGTH;

export function parseTimelineMessage(raw: unknown): TimelineWebviewMessage | undefined {
  if (!isObject(raw)) return undefined;
  switch (raw.type) {
    case 'ready':
    case 'refresh':
      return { type: raw.type };
    case 'setLyapunov':
      return typeof raw.enabled === 'boolean' ? { type: 'setLyapunov', enabled: raw.enabled } : undefined;
    case 'openCheckpoint': {
      const { file, layer, direction } = raw;
      if (!isPath(file) || !isWithinBound(layer, 'layer')) return undefined;
      if (direction !== 'forward' && direction !== 'reverse') return undefined;
      return { type: 'openCheckpoint', file, layer, direction };
    }
    default:
      return undefined;
  }
}

export function parseTimelineState(raw: unknown): TimelinePanelState | undefined {
  if (!isObject(raw) || !isPath(raw.folder) || typeof raw.lyapunov !== 'boolean') return undefined;
  const layerKey = typeof raw.layerKey === 'string' && /^\d{1,4}:(forward|reverse)$/.test(raw.layerKey);
  return { folder: raw.folder, lyapunov: raw.lyapunov, ...(layerKey ? { layerKey: raw.layerKey as string } : {}) };
}
