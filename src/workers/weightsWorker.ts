// The weights worker thread, so the extension host stays responsive however large a file is:
// - 'inspect': reads and decodes a binary weights file and computes each tensor's statistics (ρ, σ_max too);
// - 'diagnose' / 'hover': parses weight JSON text and answers diagnostics or a hover (which may run a short
//   analysis of the recurrent matrix).
// Pure Node: no vscode import (bundled on its own as dist/weightsWorker.js).
import { parentPort } from 'node:worker_threads';
import { isInputError, type InputError } from '../core/errors';
import { releaseTensorData } from '../core/formats/lazyTensor';
import { DEFAULT_MEMORY_BUDGET, MemoryBudget } from '../core/formats/limits';
import { userFileSource } from '../core/io/readFile';
import { diagnoseWeightsJson } from '../core/inspect/diagnose-weights';
import { fileReport } from '../core/inspect/file-report';
import { listWeightsFile } from '../core/inspect/list-file';
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

/**
 * Lists every tensor from the headers first (names, shapes, dtypes: a small read), then decodes one tensor at a
 * time for its statistics and releases it, so the memory budget bounds the largest tensor rather than the file.
 */
function inspect(
  { file, maxBytes, memoryBudget, maxSpectralSize }: InspectParams,
  progress: (p: InspectProgress) => void,
): void {
  const budget = new MemoryBudget(memoryBudget ?? DEFAULT_MEMORY_BUDGET);
  const source = userFileSource(file, maxBytes);
  const size = source.size;
  const { tensors, rows, tree } = listWeightsFile(file, source, { maxBytes, budget });
  progress({ type: 'header', format: tensors.format, rows, tree, size });
  const report = fileReport(tensors);
  progress({ type: 'report', report, size });
  // A tensor that cannot be decoded (over the budget, a NaN) does not hide the statistics of the others: the
  // first such problem is reported once every other tensor has its statistics.
  let refused: InputError | undefined;
  report.rows.forEach((row, index) => {
    const tensor = tensors.tensors.get(row.name)!;
    try {
      progress({ type: 'statistics', index, stats: tensorStatistics(tensor, { maxSpectralSize }) });
    } catch (e) {
      if (!isInputError(e)) throw e;
      refused ??= e;
    } finally {
      releaseTensorData(tensor);
    }
  });
  if (refused) throw refused;
}
