// The weights worker thread, so the extension host stays responsive however large a file is:
// - 'inspect': reads and decodes a binary weights file and computes each tensor's statistics (ρ, σ_max too);
// - 'diagnose' / 'hover': parses weight JSON text and answers diagnostics or a hover (which may run a short
//   analysis of the recurrent matrix).
// Pure Node: no vscode import (bundled on its own as dist/weightsWorker.js).
import { readFileSync, statSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { isInputError } from '../../core/errors';
import { loadTensorFile } from '../../core/formats/load';
import { formatBytes } from '../../core/formats/limits';
import { readSafetensorsHeader } from '../../core/formats/safetensors';
import { diagnoseWeightsJson } from '../../core/inspect/diagnose-weights';
import { fileReport, headerRows } from '../../core/inspect/file-report';
import { tensorStatistics } from '../../core/inspect/statistics';
import { tensorAtKey, weightsHover } from '../../core/inspect/weights-hover';
import { parseWeightsJson, type TextRange, type WeightsJsonDocument } from '../../core/inspect/weights-json';
import type { InspectRequest, InspectWorkerMessage, JsonReply, JsonRequest } from './workerProtocol';

const port = parentPort;
if (!port) throw new Error('statisticsWorker.ts must run in a worker thread');
const send = (m: InspectWorkerMessage | JsonReply) => port.postMessage(m);

port.on('message', (request: InspectRequest | JsonRequest) => {
  if (request.type === 'inspect') {
    try {
      inspect(request);
    } catch (e) {
      send({ type: 'error', message: isInputError(e) ? e.message : `Could not read ${request.file}: ${(e as Error).message}` });
    }
    return;
  }
  try {
    const doc = parsed(request.text);
    if (request.type === 'diagnose') {
      send({ type: 'diagnosed', id: request.id, diagnostics: diagnoseWeightsJson(doc) });
    } else {
      const name = tensorAtKey(doc, request.offset)?.name;
      const key = `${name}|${request.threshold}|${request.file}`;
      let hover = name === undefined ? undefined : lastHovers.get(key);
      if (name !== undefined && !hover) {
        hover = weightsHover(doc, request.text, request.file, request.offset, { threshold: request.threshold });
        if (hover) lastHovers.set(key, hover);
      }
      send({ type: 'hovered', id: request.id, ...(hover ? { hover } : {}) });
    }
  } catch (e) {
    send({ type: 'failed', id: request.id, message: (e as Error).message });
  }
});

/** The last text parsed, and the hovers given on it: hovering again costs nothing until the text changes. */
let lastText: string | undefined;
let lastDoc: WeightsJsonDocument | undefined;
const lastHovers = new Map<string, { range: TextRange; markdown: string }>();
function parsed(text: string): WeightsJsonDocument {
  if (text !== lastText || !lastDoc) {
    lastDoc = parseWeightsJson(text);
    lastText = text;
    lastHovers.clear();
  }
  return lastDoc;
}

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
