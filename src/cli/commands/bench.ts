// rnn-lab bench SPEC: training throughput after a warm-up, and where a step's time goes.
import { nodeTaskIO } from '../../node/task-io';
import { ALLOW_OUTSIDE_DATA_HELP, ALLOW_OUTSIDE_DATA_OPTION, dataAccessOf } from '../data-option';
import path from 'node:path';
import type { StepSplit } from '../../protocol/events';
import { describeKernels } from '../../messages/kernels';
import { createTask } from '../../tasks';
import { loadSpec } from '../../node/load-spec';
import { Trainer } from '../../train/trainer';
import type { Spec } from '../../spec/types';
import type { TaskIO } from '../../tasks';
import { UserError } from '../../messages/errors';
import { measureSweep, median } from '../../train/sweep';
import { numberOption, requirePositional, stringOption, type Values } from '../args';
import type { Command } from '../commands';
import { formatRate } from '../progress-view';
import { installNodeThreads } from '../../node/threads';
import { msg } from '../../messages/render';
import type { MessageCode } from '../../messages/catalog';
import { cliLang, tr } from '../lang';
import { tableLines } from '../text-width';
import { seriesName } from '../../messages/sweep-series';

/** The split's parts by the names the panel's Parallelism tab gives them. */
const PART_LABEL: Readonly<Record<string, MessageCode>> = {
  inputProjection: 'panel.par.inputProj',
  recurrence: 'panel.par.recurrence',
  headLoss: 'panel.par.headLoss',
  backward: 'panel.par.backward',
  optimizer: 'panel.par.optimizer',
};

function partLabel(key: string, spec: Spec): string {
  // a Transformer's first part is its whole forward pass
  const code = key === 'inputProjection' && spec.model.cell === 'transformer' ? 'panel.par.fwdParallel' : PART_LABEL[key];
  return code ? tr(code) : key;
}

export const bench: Command = {
  args: 'SPEC [--steps N] [--seconds S] [--threads N] [--seq 16,32,…] [--twin] [--json]',
  summary: 'measure training throughput (tokens/s) and the parallel/sequential split',
  help: `Options:
  --seq LIST    sweep the sequence length: ms per step and tokens/s at each T (e.g. 16,32,64,128,256,512)
  --twin        with --seq: also measure the spec's twin of the other family (rnn-lab twin)
  --seconds S   time to measure for, after the warm-up (default 10)
  --steps N     measure exactly N steps instead
  --warmup N    warm-up steps, not measured (default 3)
  --threads N   kernel threads for float32 models (default: one per core, at most 4;
                also RNN_LAB_THREADS=N)
  --json        print one JSON object
${ALLOW_OUTSIDE_DATA_HELP}`,
  options: {
    steps: { type: 'string' },
    seconds: { type: 'string' },
    warmup: { type: 'string' },
    threads: { type: 'string' },
    seq: { type: 'string' },
    twin: { type: 'boolean' },
    json: { type: 'boolean' },
    ...ALLOW_OUTSIDE_DATA_OPTION,
  },
  async run(pos: string[], v: Values): Promise<number> {
    const specPath = path.resolve(requirePositional(pos, 'spec', `rnn-lab bench ${this.args}`));
    installNodeThreads(numberOption(v, 'threads', { integer: true, min: 1 }));
    const access = dataAccessOf(v, specPath);
    const { spec } = loadSpec(specPath, access);
    const io = nodeTaskIO(access);
    const seq = stringOption(v, 'seq');
    if (seq !== undefined) return sweep(spec, path.dirname(specPath), io, parseLengths(seq), v);
    if (v.twin === true) throw new UserError(msg('bench.twinNeedsSeq'));
    const task = createTask(spec, path.dirname(specPath), io);
    const trainer = new Trainer(spec, task);
    const warmup = numberOption(v, 'warmup', { integer: true, min: 0 }) ?? 3;
    const steps = numberOption(v, 'steps', { integer: true, min: 1 });
    const seconds = numberOption(v, 'seconds', { min: 0.1 }) ?? 10;

    for (let i = 0; i < warmup; i++) trainer.step();
    trainer.takeSplit();
    const stepMs: number[] = [];
    let peakRss = process.memoryUsage().rss;
    const t0 = performance.now();
    while (steps !== undefined ? stepMs.length < steps : performance.now() - t0 < seconds * 1000) {
      const s = performance.now();
      trainer.step();
      stepMs.push(performance.now() - s);
      if (stepMs.length % 16 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const split = trainer.takeSplit();
    const msPerStep = median(stepMs);
    const result = {
      spec: path.relative(process.cwd(), specPath) || specPath,
      cell: spec.model.cell,
      hiddenSize: spec.model.hiddenSize,
      layers: spec.model.layers,
      batchSize: spec.training.batchSize,
      tokensPerStep: task.tokensPerBatch,
      steps: stepMs.length,
      msPerStep,
      tokensPerSec: task.tokensPerBatch / (msPerStep / 1000),
      peakRssMB: peakRss / 2 ** 20,
      split: fractions(split),
      splitMsPerStep: Object.fromEntries(Object.entries(split).map(([k, ms]) => [k, ms / stepMs.length])),
      parallelFraction: parallelFraction(split),
      dtype: spec.training.dtype,
      kernels: trainer.model.kernels,
      threads: trainer.model.threads,
      node: process.version,
    };
    if (v.json === true) {
      console.log(JSON.stringify(result));
    } else {
      const model = `${spec.model.cell}-${spec.model.hiddenSize}`;
      console.log(tr('cli.bench.title', { name: spec.name, model, layers: spec.model.layers, batch: spec.training.batchSize, tokens: task.tokensPerBatch }));
      console.log(
        tr('cli.bench.rate', { rate: formatRate(result.tokensPerSec), ms: msPerStep.toFixed(2), n: stepMs.length, rss: result.peakRssMB.toFixed(0) }),
      );
      console.log(tr('cli.bench.kernels', { dtype: result.dtype, kernels: describeKernels(result.kernels, result.threads, cliLang()) }));
      const parts = Object.entries(result.split).map(([k, f]) => ['', partLabel(k, spec), `${(100 * f).toFixed(1)}%`]);
      for (const line of tableLines(parts, [false, false, true])) console.log(line);
      console.log(tr('cli.bench.parallel', { pct: (100 * result.parallelFraction).toFixed(1) }));
    }
    return 0;
  },
};

function parseLengths(list: string): number[] {
  const lengths = list.split(',').map((x) => Number(x.trim()));
  if (lengths.length === 0 || lengths.some((n) => !Number.isInteger(n) || n < 2 || n > 100_000)) {
    throw new UserError(msg('bench.badSeq', { got: list }));
  }
  return lengths;
}

function sweep(spec: Spec, specDir: string, io: TaskIO, lengths: number[], v: Values): number {
  const json = v.json === true;
  const seconds = numberOption(v, 'seconds', { min: 0.1 }) ?? 1.5;
  const result = measureSweep(spec, specDir, io, {
    lengths,
    twin: v.twin === true,
    secondsPerPoint: seconds,
    onProgress: (done, total, series, T) => {
      if (json || !series || !process.stderr.isTTY) return;
      process.stderr.write(`\r${tr('cli.bench.measuring', { label: seriesName(series), T: T ?? '?', i: done + 1, total })}\x1b[K`);
    },
  });
  if (!json && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  if (json) {
    console.log(JSON.stringify(result));
    return 0;
  }
  console.log(tr('cli.bench.sweepTitle', { name: spec.name, batch: result.batchSize, kernels: describeKernels(result.kernels, result.threads, cliLang()) }));
  const header = ['T', ...result.series.map((s) => tr('cli.bench.sweepColumn', { label: seriesName(s) }))];
  const rows = lengths.map((T, i) => [
    String(result.series[0]?.points[i]?.T ?? T),
    ...result.series.map((s) => {
      const p = s.points[i];
      return p ? `${p.msPerStep.toFixed(2)} · ${formatRate(p.tokensPerSec)}` : '—';
    }),
  ]);
  for (const line of tableLines([header, ...rows], [true, ...result.series.map(() => true)])) console.log(line);
  for (const s of result.series) console.log(tr('cli.bench.params', { label: seriesName(s), n: s.parameterCount.toLocaleString('en-US') }));
  return 0;
}

/** Each part's share of the measured time. */
function fractions(s: StepSplit): Record<string, number> {
  const parts: Record<string, number> = {
    inputProjection: s.inputProjectionMs,
    recurrence: s.recurrenceMs,
    headLoss: s.headLossMs,
    backward: s.backwardMs,
    optimizer: s.optimizerMs,
  };
  const total = Object.values(parts).reduce((a, b) => a + b, 0) || 1;
  return Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v / total]));
}

/** Of the forward recurrence's work, the share that runs in parallel over time steps. */
function parallelFraction(s: StepSplit): number {
  const f = s.inputProjectionMs + s.recurrenceMs;
  return f > 0 ? s.inputProjectionMs / f : 0;
}
