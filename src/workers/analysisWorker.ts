// The analysis worker: runs the numeric core off the extension host's thread and reports progress.
import { parentPort } from 'node:worker_threads';
import { analyzeFile } from '../core/analysis/analyze-file';
import { loadWeightsReport } from '../core/config/loadWeights';
import { serveRequests } from '../core/messaging/serveRequests';
import { helperThread } from '../core/parallel/helper';
import type { AnalysisWorkerRequests } from '../protocol/analysisWorker';
import type { ResponseMessage } from '../protocol/requests';
import { parentPortTransport } from './threadTransport';

const port = parentPort;
if (!port) throw new Error('analysisWorker.ts must run in a worker thread');

// Load the helper thread now, while the user is still choosing what to analyse.
helperThread();

serveRequests<AnalysisWorkerRequests>(parentPortTransport<ResponseMessage<AnalysisWorkerRequests>, unknown>(port), {
  analyze: (request, progress) => {
    let lastSent = 0;
    return analyzeFile(
      request.file,
      request.options,
      {
        onProgress: (fraction, message) => {
          // At most ~20 progress messages a second: the host only shows them.
          const now = Date.now();
          if (now - lastSent < 50 && fraction < 1) return;
          lastSent = now;
          progress({ fraction, message });
        },
      },
      { maxBytes: request.maxBytes, memoryBudget: request.memoryBudget },
    );
  },
  // A config's weights: read and decoded here, never on the extension host.
  weightsReport: (request) => loadWeightsReport(request),
});
