// A light shape check of what arrives on window 'message': other frames could post too.
import type { HostToWebviewMessage } from '../src/protocol';

export function isHostMessage(data: unknown): data is HostToWebviewMessage {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as Record<string, unknown>;
  switch (m.type) {
    case 'analysisStarted':
      return typeof m.file === 'string' && typeof m.controls === 'object' && m.controls !== null;
    case 'analysisResult':
      return (
        typeof m.file === 'string' &&
        typeof m.displayName === 'string' &&
        typeof m.result === 'object' &&
        m.result !== null &&
        typeof m.controls === 'object'
      );
    case 'analysisFailed':
      return typeof m.file === 'string' && typeof m.message === 'string' && typeof m.controls === 'object';
    case 'request':
      return typeof m.id === 'number' && m.method === 'report';
    default:
      return false;
  }
}
