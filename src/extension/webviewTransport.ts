// A webview panel as a request transport. What the page sends is untrusted: `parse` checks each message and
// only what it accepts reaches the listeners. The transport closes when the panel does.
import * as vscode from 'vscode';
import { Listeners, type Transport } from '../core/messaging/transport';

export interface WebviewTransportOptions<In> {
  parse: (raw: unknown) => In | undefined;
  /** A message `parse` refused. */
  onInvalid: (raw: unknown) => void;
  /** The page as error messages name it, e.g. 'the panel for a.json'. */
  peer: string;
}

export function webviewTransport<Out, In>(
  panel: vscode.WebviewPanel,
  { parse, onInvalid, peer }: WebviewTransportOptions<In>,
): Transport<Out, In> & vscode.Disposable {
  const messages = new Listeners<In>();
  const closes = new Listeners<Error>();
  let closedBy: Error | undefined;
  const subscriptions = [
    panel.webview.onDidReceiveMessage((raw: unknown) => {
      const message = parse(raw);
      if (message === undefined) onInvalid(raw);
      else messages.emit(message);
    }),
    panel.onDidDispose(() => {
      closedBy = new Error(`${peer} was closed`);
      closes.emit(closedBy);
      messages.clear();
      closes.clear();
    }),
  ];
  return {
    send: (message) => void panel.webview.postMessage(message),
    onMessage: (listener) => messages.add(listener),
    onClose: (listener) => {
      if (closedBy) {
        listener(closedBy);
        return () => undefined;
      }
      return closes.add(listener);
    },
    dispose: () => subscriptions.forEach((s) => s.dispose()),
  };
}
