// The inspector's worker thread: reads and decodes a weights file and computes each tensor's statistics
// (ρ and σ_max included), so the extension host stays responsive however large the file is.
// Pure Node: no vscode import (bundled on its own as dist/weightsWorker.js).
import { readFileSync, statSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { isInputError } from '../../core/errors';
import { loadTensorFile } from '../../core/formats/load';
import { formatBytes } from '../../core/formats/limits';
import { readSafetensorsHeader } from '../../core/formats/safetensors';
import { fileReport, headerRows } from '../../core/inspect/file-report';
import { tensorStatistics } from '../../core/inspect/statistics';
import type { InspectRequest, InspectWorkerMessage } from './workerProtocol';

const port = parentPort;
if (!port) throw new Error('statisticsWorker.ts must run in a worker thread');
const send = (m: InspectWorkerMessage) => port.postMessage(m);

port.once('message', (request: InspectRequest) => {
  try {
    inspect(request);
  } catch (e) {
    send({ type: 'error', message: isInputError(e) ? e.message : `Could not read ${request.file}: ${(e as Error).message}` });
  }
});

function inspect({ file, maxBytes, maxSpectralSize }: InspectRequest): void {
  const size = statSync(file).size;
  if (size > maxBytes) {
    send({ type: 'error', message: `${file}: file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit (setting rnnGradients.maxWeightsFileMB)` });
    return;
  }
  const bytes = readFileSync(file);
  if (file.toLowerCase().endsWith('.safetensors')) send({ type: 'header', rows: headerRows(readSafetensorsHeader(bytes, file, { maxBytes })), size });
  const tensors = loadTensorFile(file, bytes, { maxBytes });
  const report = fileReport(tensors);
  send({ type: 'report', report, size });
  report.rows.forEach((row, index) => {
    send({ type: 'statistics', index, stats: tensorStatistics(tensors.tensors.get(row.name)!, { maxSpectralSize }) });
  });
  send({ type: 'done' });
}
