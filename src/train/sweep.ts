// A measured sweep over sequence lengths: a spec (and its twin of the other family) trained a few
// steps at each length T, timed per step. It shows the sequential chain of a recurrent model (time
// grows step by step with T) against a Transformer's parallel pass (all positions at once, until
// attention's T² work catches up). Used by `rnn-lab bench --seq` and the panel's Parallelism tab.
import type { SweepPoint, SweepResult, SweepSeries } from '../protocol/events';
import type { Spec } from '../spec/types';
import { createTask, type TaskIO } from '../tasks';
import { Trainer } from './trainer';
import { UserError } from '../messages/errors';
import { twinOf } from './twin';
import { msg, render } from '../messages/render';
import { seriesName, type SeriesIdentity } from '../messages/sweep-series';

export const DEFAULT_SWEEP_LENGTHS = [16, 32, 64, 128, 256, 512];

export interface SweepOptions {
  lengths: number[];
  /** Also measure the twin of the other family. */
  twin: boolean;
  /** Measured time per length and model, after the warm-up (default 1.5 s; at least 3 steps). */
  secondsPerPoint?: number;
  warmup?: number;
  /** Before each point (the series and length about to be measured), and once at the end with neither. */
  onProgress?(done: number, total: number, series?: SeriesIdentity, T?: number): void;
  /** Polled between points: true stops the sweep early (the points so far are kept). */
  shouldStop?(): boolean;
}

/** The spec with its sequence length set to T: a stream's window, or the length of adding and copy. */
function atLength(spec: Spec, T: number): Spec {
  const s: Spec = { ...spec, task: { ...spec.task }, model: { ...spec.model, context: 0 }, training: { ...spec.training } };
  switch (s.task.kind) {
    case 'char-lm':
    case 'word-lm':
    case 'series':
      s.training.bptt = T;
      break;
    case 'adding':
      s.task.length = T;
      s.training.bptt = 0;
      break;
    case 'copy':
      s.task.length = Math.max(1, Math.floor((T - 1 - s.task.delay) / 2));
      s.training.bptt = 0;
      break;
    case 'classify':
      throw new UserError(msg('sweep.needsLength'));
  }
  return s;
}

export function measureSweep(spec: Spec, specDir: string, io: TaskIO, opts: SweepOptions): SweepResult {
  const specs: { role: SeriesIdentity['role']; spec: Spec }[] = [{ role: 'spec', spec }];
  if (opts.twin) {
    const first = atLength(spec, opts.lengths[0]);
    const twin = twinOf(first, createTask(first, specDir, io));
    const twinSpec = {
      ...spec,
      name: twin.name,
      model: {
        ...spec.model,
        ...twin.model,
        heads: (twin.model.heads as number | undefined) ?? spec.model.heads,
        ffn: 0,
        context: 0,
        residual: 'none' as const,
      },
    } as Spec;
    specs.push({ role: 'twin', spec: twinSpec });
  }
  const total = specs.length * opts.lengths.length;
  let done = 0;
  let kernels: 'js' | 'wasm' = 'js';
  let threads = 1;
  const ids: SeriesIdentity[] = specs.map(({ role, spec: s }) => ({ cell: s.model.cell, hiddenSize: s.model.hiddenSize, layers: s.model.layers, role }));
  const series: SweepSeries[] = ids.map((id) => ({ ...id, label: render(seriesName(id), 'en'), parameterCount: 0, points: [] }));
  // Lengths outermost, models inner: the two series are measured side by side in time, so a change
  // of load on the machine touches both alike.
  for (const T of opts.lengths) {
    for (let i = 0; i < specs.length; i++) {
      if (opts.shouldStop?.()) return { batchSize: spec.training.batchSize, kernels, threads, measuredAt: new Date().toISOString(), series };
      opts.onProgress?.(done, total, ids[i]!, T);
      const s = atLength(specs[i].spec, T);
      const task = createTask(s, specDir, io);
      const trainer = new Trainer(s, task);
      kernels = trainer.model.kernels;
      threads = trainer.model.threads;
      series[i].parameterCount = trainer.parameterCount;
      series[i].points.push(timeSteps(trainer, task.tokensPerBatch, task.maxSteps, opts));
      done++;
    }
  }
  opts.onProgress?.(done, total);
  return { batchSize: spec.training.batchSize, kernels, threads, measuredAt: new Date().toISOString(), series };
}

function timeSteps(trainer: Trainer, tokensPerBatch: number, T: number, opts: SweepOptions): SweepPoint {
  for (let i = 0; i < (opts.warmup ?? 2); i++) trainer.step();
  const ms: number[] = [];
  const budget = (opts.secondsPerPoint ?? 1.5) * 1000;
  const t0 = performance.now();
  while (ms.length < 3 || (performance.now() - t0 < budget && ms.length < 50)) {
    const s = performance.now();
    trainer.step();
    ms.push(performance.now() - s);
  }
  const msPerStep = median(ms);
  return { T, msPerStep, tokensPerSec: tokensPerBatch / (msPerStep / 1000) };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
