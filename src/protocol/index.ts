// Every message between the extension host, its worker threads and its webviews, typed in this folder:
// requests.ts       the envelope of a request, its progress and its answer
// panel.ts          host ↔ the analysis panel's page (webview/)
// analysisWorker.ts host ↔ the analysis worker
// weightsWorker.ts  host ↔ the weights worker
// inspector.ts      host ↔ the weights inspector's page (webview/inspector/)
// timelineWorker.ts host ↔ the timeline worker
// timelinePanel.ts  host ↔ the timeline panel's page (webview/timeline/)
// Pure types (and shape guards): the host (Node) and the webview (DOM) both import them.
export * from './analysisWorker';
export * from './inspector';
export * from './panel';
export * from './requests';
export * from './timelinePanel';
export * from './timelineWorker';
export * from './weightsWorker';
