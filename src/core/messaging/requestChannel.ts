// The asking side of a request protocol: numbered requests, answers matched by id in whatever order they come,
// progress on the way, cancel, a timeout, and every request still waiting failed when the other side is gone.
import { CancelledError } from '../errors';
import {
  isResponseMessage,
  type MethodOf,
  type ParamsOf,
  type ProgressOf,
  type RemoteError,
  type RequestMessage,
  type RequestSpecs,
  type ResultOf,
} from '../../protocol/requests';
import type { Transport, Unsubscribe } from './transport';

/** What the other side reported as the failure of a request, with the file and place when the input was at fault. */
export class RequestFailedError extends Error {
  readonly file?: string;
  readonly location?: string;

  constructor(error: RemoteError) {
    super(error.message);
    this.name = error.name;
    this.file = error.file;
    this.location = error.location;
  }
}

export class RequestTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimeoutError';
  }
}

export interface RequestOptions<Progress> {
  onProgress?: (progress: Progress) => void;
  /** Aborting rejects the request with a CancelledError at once. */
  signal?: AbortSignal;
  /** Rejects with a RequestTimeoutError when no answer came within this many milliseconds. */
  timeoutMs?: number;
}

export interface ChannelOptions {
  /** Who answers, as error messages name it: 'the analysis worker', 'the panel for a.json'. */
  peer: string;
  /** A request was given up (cancelled or timed out) while the other side may still be working on it. */
  onAbandon?: (why: 'cancelled' | 'timeout') => void;
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  onProgress?: (progress: unknown) => void;
  /** Clears the request's timer and abort listener. */
  release(): void;
}

export class RequestChannel<P extends RequestSpecs<P>> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closedBy: Error | undefined;
  private readonly subscriptions: Unsubscribe[];

  constructor(
    private readonly transport: Transport<RequestMessage<P>, unknown>,
    private readonly options: ChannelOptions,
  ) {
    this.subscriptions = [
      transport.onMessage((m) => this.receive(m)),
      transport.onClose((reason) => this.close(reason)),
    ];
  }

  /** Requests sent and not yet answered. */
  get pendingCount(): number {
    return this.pending.size;
  }

  get closed(): boolean {
    return this.closedBy !== undefined;
  }

  request<M extends MethodOf<P>>(
    method: M,
    params: ParamsOf<P, M>,
    options: RequestOptions<ProgressOf<P, M>> = {},
  ): Promise<ResultOf<P, M>> {
    if (this.closedBy) return Promise.reject(this.closedBy);
    const { signal, timeoutMs, onProgress } = options;
    if (signal?.aborted) return Promise.reject(new CancelledError());
    const id = this.nextId++;
    return new Promise<ResultOf<P, M>>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => this.abandon(id, new CancelledError(), 'cancelled');
      this.pending.set(id, {
        resolve: resolve as (result: unknown) => void,
        reject,
        onProgress: onProgress as ((progress: unknown) => void) | undefined,
        release: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          const message = `${this.options.peer} did not answer '${method}' within ${timeoutMs} ms`;
          this.abandon(id, new RequestTimeoutError(message), 'timeout');
        }, timeoutMs);
      }
      try {
        this.transport.send({ type: 'request', id, method, params } as RequestMessage<P>);
      } catch (e) {
        this.take(id)?.reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  /** Fails every request still waiting with `reason`, and every later one at once. */
  close(reason: Error): void {
    if (this.closedBy) return;
    this.closedBy = reason;
    this.subscriptions.forEach((unsubscribe) => unsubscribe());
    const waiting = [...this.pending.keys()];
    for (const id of waiting) this.take(id)?.reject(reason);
  }

  private receive(message: unknown): void {
    if (!isResponseMessage<P>(message)) return;
    // An answer to a request already given up (cancelled, timed out) finds nobody waiting.
    const entry = this.pending.get(message.id);
    if (!entry) return;
    switch (message.type) {
      case 'progress':
        try {
          entry.onProgress?.(message.progress);
        } catch (e) {
          // A listener's bug fails its own request, not the thread that delivered the message.
          this.take(message.id)?.reject(e instanceof Error ? e : new Error(String(e)));
        }
        return;
      case 'result':
        this.take(message.id)?.resolve(message.result);
        return;
      case 'failure':
        this.take(message.id)?.reject(new RequestFailedError(message.error));
        return;
    }
  }

  private abandon(id: number, error: Error, why: 'cancelled' | 'timeout'): void {
    const entry = this.take(id);
    if (!entry) return;
    entry.reject(error);
    this.options.onAbandon?.(why);
  }

  private take(id: number): Pending | undefined {
    const entry = this.pending.get(id);
    if (!entry) return undefined;
    this.pending.delete(id);
    entry.release();
    return entry;
  }
}
