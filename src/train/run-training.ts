// A whole recorded run: spec file -> validated spec -> task -> trainer loop -> run folder.
// Shared by `rnn-lab train` and the extension's worker, so both record runs the same way.
import { nodeTaskIO } from './task-io';
import path from 'node:path';
import type { FinishedEvent, RunStatus, RunSummary, TrainEvent } from '../engine/events';
import { writeSafetensors } from '../engine/safetensors';
import { configDigest, findWorkspaceRoot, RunFileError, RunStore } from '../runs';
import { createTask } from '../tasks';
import type { Task } from '../tasks/task';
import type { SpecProblem } from '../spec/problem';
import { loadSpec } from './load-spec';
import { DivergedError, Trainer } from './trainer';

export interface RunTrainingOptions {
  specPath: string;
  /** Where .rnn-lab/ lives; default: the spec's nearest folder with a .git, else the spec's folder. */
  workspaceRoot?: string;
  /** Read a data file even if it resolves outside the workspace root (--allow-outside-data). */
  allowOutsideData?: boolean;
  /** Overrides training.steps. */
  steps?: number;
  onEvent(e: TrainEvent): void;
  /** Polled between steps; true => finish as 'stopped' with a checkpoint. */
  shouldStop(): boolean;
  /** The spec's warnings (the same `validate` shows), called once before the data is read, if there are any. */
  onWarnings?(specPath: string, warnings: SpecProblem[]): void;
  /** Where the run is recorded (tests inject one whose disk fills up); default: a RunStore at the workspace root. */
  store?: RunStore;
}

const YIELD_EVERY_MS = 100; // let the event loop breathe (stop messages, SIGINT) without slowing training

export async function runTraining(opts: RunTrainingOptions): Promise<FinishedEvent> {
  const specPath = path.resolve(opts.specPath);
  const root = opts.store?.root ?? opts.workspaceRoot ?? findWorkspaceRoot(specPath);
  const access = { workspaceRoot: root, allowOutside: opts.allowOutsideData === true };
  const { spec, text, warnings } = loadSpec(specPath, access);
  if (warnings.length > 0) opts.onWarnings?.(specPath, warnings);
  if (opts.steps !== undefined) spec.training.steps = opts.steps;
  const task = createTask(spec, path.dirname(specPath), nodeTaskIO(access));
  const trainer = new Trainer(spec, task);

  const store = opts.store ?? new RunStore(root);
  const run = store.create({ name: spec.name, specPath, specText: text, config: { ...configDigest(spec), parameters: trainer.parameterCount } });
  const emit = (e: TrainEvent): void => {
    run.append(e);
    opts.onEvent(e);
  };
  emit({
    type: 'started',
    runId: run.id,
    folder: run.folder,
    parameterCount: trainer.parameterCount,
    totalSteps: spec.training.steps,
    name: spec.name,
    kernels: trainer.model.kernels,
    threads: trainer.model.threads,
  });

  const summary: RunSummary = { steps: 0, parameterCount: trainer.parameterCount };
  let checkpointStep: number | undefined; // the step of the last checkpoint written whole
  const checkpoint = (): void => {
    run.writeCheckpoint(weightsBytes(trainer), vocabFile(task));
    checkpointStep = summary.steps;
  };
  const evaluate = (): void => {
    const ev = trainer.evaluate();
    emit(ev);
    summary.lastValLoss = ev.valLoss;
    if (Number.isFinite(ev.valLoss) && !(ev.valLoss >= (summary.bestValLoss ?? Infinity))) summary.bestValLoss = ev.valLoss;
    const probe = trainer.probe();
    run.writeProbe(probe);
    emit(probe);
    checkpoint();
  };

  let status: RunStatus = 'completed';
  let lastYield = performance.now();
  let tokens = 0;
  try {
    evaluate(); // step 0: the untrained baseline, so every curve starts where the model starts
    for (let s = 1; s <= spec.training.steps; s++) {
      if (opts.shouldStop()) {
        status = 'stopped';
        break;
      }
      const p = trainer.step();
      tokens += task.tokensPerBatch;
      summary.steps = p.step;
      summary.finalLoss = p.loss;
      summary.elapsedMs = p.elapsedMs;
      if (s % spec.training.evalEvery === 0 || s === spec.training.steps) {
        emit({ ...p, split: trainer.takeSplit() });
        evaluate();
        run.heartbeat();
      } else {
        emit(p);
      }
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await new Promise((r) => setImmediate(r));
        lastYield = performance.now();
      }
    }
    if (status === 'stopped') checkpoint();
  } catch (e) {
    if (!(e instanceof DivergedError)) {
      let message = String((e as Error)?.message ?? e);
      if (e instanceof RunFileError && e.diskFull) {
        const kept = checkpointStep !== undefined ? `the last checkpoint (step ${checkpointStep}) is intact in ${run.folder}` : 'no checkpoint was written';
        message = `${message}. Training stopped at step ${summary.steps}; ${kept}. Free some space on that disk and train again.`;
        e.message = message;
      }
      const ev: FinishedEvent = { type: 'finished', status: 'failed', summary: { ...summary, message } };
      try {
        // finish() appends the event if it can and records the status in run.json even when the append
        // fails (a full disk): the run reads back as failed with this reason, not as interrupted
        run.finish('failed', ev.summary);
      } catch {
        // the run folder itself may be what failed (a full disk): the original error says more
      }
      try {
        opts.onEvent(ev);
      } catch {
        // the caller's own failure must not hide the original error
      }
      throw e;
    }
    status = 'diverged';
    summary.message = e.message;
    checkpoint(); // the weights before the diverging update: the last good ones
  }
  if (summary.elapsedMs) summary.tokensPerSec = tokens / (summary.elapsedMs / 1000);
  const finished = finish(run, status, summary);
  opts.onEvent(finished);
  return finished;

  function finish(r: typeof run, st: RunStatus, sum: RunSummary): FinishedEvent {
    const ev: FinishedEvent = { type: 'finished', status: st, summary: sum };
    r.append(ev);
    r.finish(st, sum);
    return ev;
  }
}

function weightsBytes(trainer: Trainer): Uint8Array {
  return writeSafetensors(trainer.model.params.map((p) => ({ name: p.name, shape: p.shape, data: p.data })));
}

/** What `sample` and the panel need to read a checkpoint back without the data file. */
export function vocabFile(task: Task): unknown {
  return {
    kind: task.kind,
    inputKind: task.inputKind,
    inputSize: task.inputSize,
    outputSize: task.outputSize,
    loss: task.loss,
    at: task.at,
    vocab: task.vocab,
    labels: task.labels,
  };
}
