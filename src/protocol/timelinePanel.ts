// Host ↔ webview: the timeline panel ("RNN: Gradient health over training"; src/extension/timeline/ and
// webview/timeline/). The webview is untrusted: what it sends is checked by src/extension/timeline/timelineMessages.ts.
import type { Timeline, TimelineEntry } from '../core/timeline/types';

/** What the webview keeps with setState, so that a reloaded window reopens the panel on the same folder. */
export interface TimelinePanelState {
  folder: string;
  /** λ₁ of the long run for each checkpoint (slower). */
  lyapunov: boolean;
  /** The layer drawn, as "layer:direction" ("0:forward"). */
  layerKey?: string;
}

export type TimelineHostMessage =
  | { type: 'timelineStarted'; folder: string; displayName: string; lyapunov: boolean }
  /** One checkpoint's entry as soon as it is known; `done` of `total` files have one. */
  | { type: 'timelineEntry'; entry: TimelineEntry; done: number; total: number }
  | {
      type: 'timeline';
      folder: string;
      displayName: string;
      lyapunov: boolean;
      /** The folder is watched: new checkpoints are added as they are written. */
      watching: boolean;
      timeline: Timeline;
      /** Entries' files as the user knows them (workspace-relative), by absolute path. */
      displayNames: Record<string, string>;
    }
  | { type: 'timelineFailed'; folder: string; displayName: string; message: string; cancelled: boolean };

export type TimelineWebviewMessage =
  | { type: 'ready' }
  /** Open a checkpoint's full analysis, on the layer the panel draws. */
  | { type: 'openCheckpoint'; file: string; layer: number; direction: 'forward' | 'reverse' }
  | { type: 'setLyapunov'; enabled: boolean }
  | { type: 'refresh' };
