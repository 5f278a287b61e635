// What a timeline thread (timeline-thread.ts) is sent and answers: one checkpoint at a time.
import type { FoundFile } from './discover';
import type { TimelineOptions } from './timeline';
import type { TimelineEntry } from './types';

export interface ThreadRequest {
  file: FoundFile;
  options: TimelineOptions;
}

/** `failure`: not the file's fault (a bad file is an error entry) but ours: the whole timeline stops with it. */
export type ThreadReply =
  { type: 'entry'; entry: TimelineEntry } | { type: 'failure'; message: string; stack?: string };
