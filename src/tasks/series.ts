// series: next-step regression over the named numeric columns of a CSV file with a header row.
// Each column is standardised with the mean and standard deviation of the training rows. Streams like
// char-lm over rows: the input at t is the row t, the target the row t+1 (MSE at every step);
// the last `validation` fraction of rows is held out. Columns not named are ignored.
import { msg } from '../messages/render';
import type { Message } from '../messages/types';
import type { Spec } from '../spec/types';
import type { Task, TaskIO } from './task';
import { TaskDataError } from './task-data-error';
import { clip, SNIPPET_CHARS } from './snippet';
import { parseCsvLine } from './csv';
import { readDataFile } from './read-data-file';
import { batchSizeOf, dtypeOf, evalBudgetOf, streamWindowOf, validationOf } from './training-settings';
import { TrainStream, validationWindows, type StreamWindow } from './stream';
import { realWindowBatch } from './stream-batches';
import { formatValue } from './step-labels';

type SeriesSpec = Extract<Spec['task'], { kind: 'series' }>;

interface SeriesTable {
  rows: number;
  /** rows × columns, row-major, as in the file. */
  values: Float64Array;
}

/** The named columns of a CSV text as numbers; errors name file:line (and :column for a bad cell). */
function readSeriesCsv(text: string, file: string, columns: readonly string[]): SeriesTable {
  const lines = text.split(/\r?\n/);
  let h = 0;
  while (h < lines.length && lines[h].trim() === '') h++;
  if (h === lines.length) throw new TaskDataError(msg('data.noHeader'), { file });
  const header = parseCsvLine(lines[h]).map((f) => f.text.trim());
  const index = columns.map((name) => {
    const i = header.indexOf(name);
    if (i < 0) {
      throw new TaskDataError(msg('data.noColumn', { column: JSON.stringify(name), available: availableColumns(header, lines[h]) }), {
        file,
        line: h + 1,
      });
    }
    return i;
  });
  const C = columns.length;
  const values: number[] = [];
  for (let l = h + 1; l < lines.length; l++) {
    if (lines[l].trim() === '') continue;
    const fields = parseCsvLine(lines[l]);
    for (let c = 0; c < C; c++) {
      const field = fields[index[c]];
      const line = l + 1;
      if (field === undefined) {
        throw new TaskDataError(msg('data.rowTooShort', { fields: fields.length, column: JSON.stringify(columns[c]), field: index[c] + 1 }), {
          file,
          line,
        });
      }
      const cell = field.text.trim();
      const v = Number(cell);
      if (cell === '' || !Number.isFinite(v)) {
        const detail =
          cell === ''
            ? msg('data.cellEmpty', { column: JSON.stringify(columns[c]) })
            : msg('data.cellNotNumber', { column: JSON.stringify(columns[c]), value: clip(cell) });
        throw new TaskDataError(detail, { file, line, column: field.column });
      }
      values.push(v);
    }
  }
  return { rows: values.length / C, values: Float64Array.from(values) };
}

/** Per-column mean and standard deviation (population) of the first `rows` rows; a constant column gets std 1. */
function columnStats(values: Float64Array, C: number, rows: number): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(C);
  const std = new Float64Array(C);
  for (let r = 0; r < rows; r++) for (let c = 0; c < C; c++) mean[c] += values[r * C + c];
  for (let c = 0; c < C; c++) mean[c] /= rows;
  for (let r = 0; r < rows; r++) for (let c = 0; c < C; c++) std[c] += (values[r * C + c] - mean[c]) ** 2;
  for (let c = 0; c < C; c++) {
    const s = Math.sqrt(std[c] / rows);
    std[c] = s > 1e-12 ? s : 1;
  }
  return { mean, std };
}

export function createSeriesTask(spec: Spec, task: SeriesSpec, path: string, io: TaskIO): Task {
  const validation = validationOf(task.validation);
  const columns = task.columns;
  if (!columns || columns.length === 0) throw new TaskDataError(msg('data.noColumns'));
  const B = batchSizeOf(spec);
  const T = streamWindowOf(spec);
  const dtype = dtypeOf(spec);
  const C = columns.length;
  const { rows, values } = readSeriesCsv(readDataFile(io, path, task.file), task.file, columns);
  const heldOut = Math.floor(rows * validation);
  const trainRows = rows - heldOut;
  const train = new TrainStream(trainRows, B, T, () => {
    return new TaskDataError(msg('data.tooShortRows', { have: trainRows, lanes: B, window: T, need: B * T + 1 }), { file: task.file });
  });
  const { mean, std } = columnStats(values, C, trainRows);
  for (let r = 0; r < rows; r++) for (let c = 0; c < C; c++) values[r * C + c] = (values[r * C + c] - mean[c]) / std[c];

  const probeFirst = heldOut >= 2 ? trainRows : 0;
  const probeSteps = Math.min(T, (heldOut >= 2 ? heldOut : trainRows) - 1);

  return {
    kind: 'series',
    inputKind: 'real',
    inputSize: C,
    outputSize: C,
    loss: 'mse',
    at: 'every',
    stream: true,
    maxSteps: T,
    tokensPerBatch: B * T,
    nextTrainBatch: (rng) => realWindowBatch(values, C, train.next(rng), dtype),
    validationBatches: () => validationWindows(trainRows, Math.min(heldOut, evalBudgetOf(spec) + 1), B, T).map((w) => realWindowBatch(values, C, w, dtype)),
    probe() {
      const w: StreamWindow = { B: 1, T: probeSteps, starts: Int32Array.of(probeFirst), valid: Int32Array.of(probeSteps) };
      const stepLabels: string[] = [];
      for (let t = 0; t < probeSteps; t++) {
        const r = probeFirst + t;
        // Shown in the file's units, not standardised.
        stepLabels.push(Array.from(columns, (_, c) => formatValue(values[r * C + c] * std[c] + mean[c])).join(' '));
      }
      return { batch: realWindowBatch(values, C, w, dtype), stepLabels };
    },
  };
}

/** The header's column names when they are short (≤ SNIPPET_CHARS in all), else a clipped header. */
function availableColumns(header: string[], line: string): Message {
  const names = header.map((c) => JSON.stringify(c)).join(', ');
  if (header.join('').length <= SNIPPET_CHARS) return msg('data.columnsAre', { names });
  return msg('data.headerHas', { n: header.length, line: clip(line) });
}
