// The answering side of a request protocol (a worker thread, a webview): each request goes to its method's
// handler, whose progress, result or failure is sent back under the request's id.
import {
  isRequestMessage,
  type MethodOf,
  type ParamsOf,
  type ProgressOf,
  type RemoteError,
  type RequestSpecs,
  type ResponseMessage,
  type ResultOf,
} from '../../protocol/requests';
import type { Transport, Unsubscribe } from './transport';

export type RequestHandlers<P extends RequestSpecs<P>> = {
  [M in MethodOf<P>]: (
    params: ParamsOf<P, M>,
    progress: (progress: ProgressOf<P, M>) => void,
  ) => ResultOf<P, M> | Promise<ResultOf<P, M>>;
};

type AnyHandler = (params: unknown, progress: (progress: unknown) => void) => unknown;

export function serveRequests<P extends RequestSpecs<P>>(
  transport: Transport<ResponseMessage<P>, unknown>,
  handlers: RequestHandlers<P>,
): Unsubscribe {
  const send = (message: ResponseMessage<P>) => transport.send(message);
  return transport.onMessage(async (message) => {
    if (!isRequestMessage<P>(message)) return;
    const { id, method } = message;
    try {
      // The method name comes from the other side: only the handlers' own methods are looked up.
      if (!Object.prototype.hasOwnProperty.call(handlers, method)) throw new Error(`unknown request '${method}'`);
      const handler = handlers[method] as AnyHandler;
      const result = await handler(message.params, (progress) =>
        send({ type: 'progress', id, progress } as ResponseMessage<P>),
      );
      send({ type: 'result', id, result } as ResponseMessage<P>);
    } catch (e) {
      send({ type: 'failure', id, error: toRemoteError(e) });
    }
  });
}

/** An error as plain data: its name and message, and the file and place of an input error. */
export function toRemoteError(e: unknown): RemoteError {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const { file, location } = e as { file?: unknown; location?: unknown };
  return {
    name: e.name,
    message: e.message,
    ...(typeof file === 'string' ? { file } : {}),
    ...(typeof location === 'string' ? { location } : {}),
    ...(e.stack ? { stack: e.stack } : {}),
  };
}
