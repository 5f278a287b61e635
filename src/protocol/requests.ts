// The envelope every request and its answer travel in, between the host and a worker thread or a webview.
// A protocol lists its requests by method: what each sends, what it answers and what it reports on the way.
// src/core/messaging/ sends, matches and serves them.

/** One kind of request: its parameters, its result, and the progress it may report before the result. */
export interface RequestSpec {
  params: unknown;
  result: unknown;
  progress?: unknown;
}

/** A protocol: its requests by method name. */
export type RequestSpecs<P> = { [M in keyof P]: RequestSpec };

export type MethodOf<P> = keyof P & string;

export type ParamsOf<P extends RequestSpecs<P>, M extends keyof P> = P[M]['params'];
export type ResultOf<P extends RequestSpecs<P>, M extends keyof P> = P[M]['result'];
export type ProgressOf<P extends RequestSpecs<P>, M extends keyof P> = P[M] extends { progress: infer T } ? T : never;

export type RequestMessage<P extends RequestSpecs<P>> = {
  [M in MethodOf<P>]: {
    readonly type: 'request';
    readonly id: number;
    readonly method: M;
    readonly params: ParamsOf<P, M>;
  };
}[MethodOf<P>];

/** A failure as it crosses a thread or a webview: plain data (an Error's class does not survive the trip). */
export interface RemoteError {
  /** 'InputError' for bad input (the message names the file and the place), else the error's name. */
  readonly name: string;
  readonly message: string;
  readonly file?: string;
  readonly location?: string;
  readonly stack?: string;
}

export type ResponseMessage<P extends RequestSpecs<P>> =
  | { readonly type: 'progress'; readonly id: number; readonly progress: ProgressOf<P, MethodOf<P>> }
  | { readonly type: 'result'; readonly id: number; readonly result: ResultOf<P, MethodOf<P>> }
  | { readonly type: 'failure'; readonly id: number; readonly error: RemoteError };

const RESPONSE_TYPES: readonly unknown[] = ['progress', 'result', 'failure'];

/** The envelope's shape only: what it carries is checked by whoever receives it from an untrusted side. */
export function isResponseMessage<P extends RequestSpecs<P>>(message: unknown): message is ResponseMessage<P> {
  if (typeof message !== 'object' || message === null) return false;
  const { type, id } = message as { type?: unknown; id?: unknown };
  return RESPONSE_TYPES.includes(type) && typeof id === 'number';
}

export function isRequestMessage<P extends RequestSpecs<P>>(message: unknown): message is RequestMessage<P> {
  if (typeof message !== 'object' || message === null) return false;
  const { type, id, method } = message as { type?: unknown; id?: unknown; method?: unknown };
  return type === 'request' && typeof id === 'number' && typeof method === 'string';
}
