// The host's side of the shared weights worker for JSON documents: one request, one promise. The worker is
// started on first use and restarted if it dies (pending requests then fail rather than hang).
import { Worker } from 'node:worker_threads';
import type { JsonReply, JsonRequest } from './workerProtocol';

type Pending = { resolve: (r: JsonReply) => void; reject: (e: Error) => void };
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export class JsonWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly script: string) {}

  request(message: WithoutId<JsonRequest>): Promise<JsonReply> {
    const id = this.nextId++;
    const worker = this.started();
    return new Promise<JsonReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    this.failAll(new Error('the weights worker was stopped'));
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.unref();
    worker.on('message', (reply: JsonReply) => {
      const p = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      p?.resolve(reply);
    });
    const lost = (why: string) => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new Error(why));
    };
    worker.on('error', (e) => lost(`the weights worker failed: ${e.message}`));
    worker.on('exit', (code) => lost(`the weights worker exited (code ${code})`));
    this.worker = worker;
    return worker;
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
