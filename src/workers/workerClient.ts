// The host's side of a worker thread that answers requests: the thread starts on the first request and again
// after it died, and every request in flight fails with a clear error when it crashes, exits or is stopped.
import { Worker } from 'node:worker_threads';
import { CancelledError } from '../core/errors';
import { RequestChannel, type RequestOptions } from '../core/messaging/requestChannel';
import type { MethodOf, ParamsOf, ProgressOf, RequestMessage, RequestSpecs, ResultOf } from '../protocol/requests';
import { workerTransport } from './threadTransport';

export interface WorkerClientOptions {
  /** The thread does not keep the process alive (a long-lived worker nobody waits for at exit). */
  unref?: boolean;
  /**
   * A cancelled or timed-out request stops the thread, so even a long synchronous computation ends at once;
   * the other requests in flight fail, and the next request starts a fresh thread.
   */
  stopOnAbandon?: boolean;
}

export class WorkerClient<P extends RequestSpecs<P>> {
  private thread: { worker: Worker; channel: RequestChannel<P> } | undefined;

  /**
   * @param script absolute path of the thread's bundle (see workerBundlePath)
   * @param peer the thread as error messages name it, e.g. 'the analysis worker'
   */
  constructor(
    private readonly script: string,
    private readonly peer: string,
    private readonly options: WorkerClientOptions = {},
  ) {}

  request<M extends MethodOf<P>>(
    method: M,
    params: ParamsOf<P, M>,
    options: RequestOptions<ProgressOf<P, M>> = {},
  ): Promise<ResultOf<P, M>> {
    // A request cancelled before it starts does not start a thread either.
    if (options.signal?.aborted) return Promise.reject(new CancelledError());
    return this.started().channel.request(method, params, options);
  }

  /** Stops the thread now; every request in flight fails with `reason`. The next request starts a fresh one. */
  stop(reason: Error = new Error(`${this.peer} was stopped`)): void {
    const thread = this.thread;
    if (!thread) return;
    this.thread = undefined;
    thread.channel.close(reason);
    void thread.worker.terminate();
  }

  private started(): { worker: Worker; channel: RequestChannel<P> } {
    // A thread that crashed or exited closed its channel: start a fresh one.
    if (this.thread && !this.thread.channel.closed) return this.thread;
    const worker = new Worker(this.script);
    if (this.options.unref) worker.unref();
    const restarted = () =>
      this.stop(new Error(`${this.peer} was restarted to stop another request; run this one again`));
    const channel = new RequestChannel<P>(workerTransport<RequestMessage<P>, unknown>(worker, this.peer), {
      peer: this.peer,
      ...(this.options.stopOnAbandon ? { onAbandon: restarted } : {}),
    });
    this.thread = { worker, channel };
    return this.thread;
  }
}
