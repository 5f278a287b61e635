// What a request channel needs from whatever carries its messages: a worker thread, a thread's parent port or
// a webview. Neither Node nor the DOM is assumed, so the same channel runs in the host, a worker and a page.

export type Unsubscribe = () => void;

export interface Transport<Out, In> {
  send(message: Out): void;
  /** Every message that arrives, in order, until unsubscribed. */
  onMessage(listener: (message: In) => void): Unsubscribe;
  /** Called once when the other side is gone for good (thread exit or crash, panel closed), with why. */
  onClose(listener: (reason: Error) => void): Unsubscribe;
}

/** A set of listeners, for transports that fan one source out to several subscribers. */
export class Listeners<T> {
  private readonly listeners = new Set<(value: T) => void>();

  add(listener: (value: T) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }

  clear(): void {
    this.listeners.clear();
  }
}
