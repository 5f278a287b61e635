// The weights worker thread, so the extension host stays responsive however large a file is:
// - 'inspect': reads and decodes a binary weights file and computes each tensor's statistics (ρ, σ_max too);
// - 'diagnose' / 'hover': parses weight JSON text and answers diagnostics or a hover (which may run a short
//   analysis of the recurrent matrix).
// Pure Node: no vscode import (bundled on its own as dist/weightsWorker.js).
import { readFileSync, statSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { InputError, isInputError } from '../core/errors';
import { loadTensorFile } from '../core/formats/load';
import { formatBytes } from '../core/formats/limits';
import { readSafetensorsHeader } from '../core/formats/safetensors';
import { diagnoseWeightsJson } from '../core/inspect/diagnose-weights';
import { fileReport, headerRows } from '../core/inspect/file-report';
import { tensorStatistics } from '../core/inspect/statistics';
import { tensorAtKey, weightsHover } from '../core/inspect/weights-hover';
import { parseWeightsJson, type WeightsJsonDocument } from '../core/inspect/weights-json';
import { serveRequests } from '../core/messaging/serveRequests';
import type { ResponseMessage } from '../protocol/requests';
import type {
  HoverParams,
  InspectParams,
  InspectProgress,
  WeightsHover,
  WeightsWorkerRequests,
} from '../protocol/weightsWorker';
import { parentPortTransport } from './threadTransport';

const port = parentPort;
if (!port) throw new Error('weightsWorker.ts must run in a worker thread');

serveRequests<WeightsWorkerRequests>(parentPortTransport<ResponseMessage<WeightsWorkerRequests>, unknown>(port), {
  inspect: (params, progress) => {
    try {
      inspect(params, progress);
    } catch (e) {
      throw isInputError(e) ? e : new Error(`Could not read ${params.file}: ${(e as Error).message}`);
    }
    return undefined;
  },
  diagnose: ({ text }) => diagnoseWeightsJson(parsed(text)),
  hover,
});

function hover({ text, file, offset, threshold }: HoverParams): WeightsHover | undefined {
  const doc = parsed(text);
  const name = tensorAtKey(doc, offset)?.name;
  if (name === undefined) return undefined;
  const key = `${name}|${threshold}|${file}`;
  let found = lastHovers.get(key);
  if (!found) {
    found = weightsHover(doc, text, file, offset, { threshold });
    if (found) lastHovers.set(key, found);
  }
  return found;
}

/** The last text parsed, and the hovers given on it: hovering again costs nothing until the text changes. */
let lastText: string | undefined;
let lastDoc: WeightsJsonDocument | undefined;
const lastHovers = new Map<string, WeightsHover>();
function parsed(text: string): WeightsJsonDocument {
  if (text !== lastText || !lastDoc) {
    lastDoc = parseWeightsJson(text);
    lastText = text;
    lastHovers.clear();
  }
  return lastDoc;
}

function inspect({ file, maxBytes, maxSpectralSize }: InspectParams, progress: (p: InspectProgress) => void): void {
  const size = statSync(file).size;
  if (size > maxBytes) {
    throw new InputError(
      file,
      '',
      `file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit (setting rnnGradients.maxWeightsFileMB)`,
    );
  }
  const bytes = readFileSync(file);
  if (file.toLowerCase().endsWith('.safetensors'))
    progress({ type: 'header', rows: headerRows(readSafetensorsHeader(bytes, file, { maxBytes })), size });
  const tensors = loadTensorFile(file, bytes, { maxBytes });
  const report = fileReport(tensors);
  progress({ type: 'report', report, size });
  report.rows.forEach((row, index) => {
    progress({
      type: 'statistics',
      index,
      stats: tensorStatistics(tensors.tensors.get(row.name)!, { maxSpectralSize }),
    });
  });
}
