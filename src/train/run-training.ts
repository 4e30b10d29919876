// A whole recorded run: spec file -> validated spec -> task -> trainer loop -> run folder.
// Shared by `rnn-lab train` / `rnn-lab resume` and the extension's worker, so all record runs alike.
import { msg } from '../messages/render';
import type { FinishedEvent, RunStatus, RunSummary, TrainEvent } from '../protocol/events';
import { readSafetensors, writeSafetensors } from '../engine/safetensors';
import { loadWeights } from '../engine/weights';
import { configDigest, RUN_FILES, RunFileError, setEndMessage, type RunStore, type RunWriter } from '../runs';
import { asUserError, errorMessageOf, UserError } from '../messages/errors';
import { parseSpec } from '../spec/parse';
import type { SpecProblem } from '../spec/problem';
import type { Spec } from '../spec/types';
import { createTask } from '../tasks';
import type { Task } from '../tasks/task';
import { checkpointStep, decodeResumeState, encodeResumeState } from './resume-state';
import { decodeRunFile } from './decode-run-file';
import type { TrainingHost } from './training-host';
import { DivergedError, Trainer } from './trainer';

export interface RunTrainingOptions {
  /** The spec and data files, the run store, the event loop (nodeTrainingHost under Node). */
  host: TrainingHost;
  /** The spec to train a new run of; or `resume` to continue a recorded run. */
  specPath?: string;
  /** A run id (or unique prefix, or 'latest') to continue in its own folder from its last checkpoint. */
  resume?: string;
  /** Where .rnn-lab/ lives; default: the spec's nearest folder with a .git, else the spec's folder (resume: the current folder's). */
  workspaceRoot?: string;
  /** Read a data file even if it resolves outside the workspace root (--allow-outside-data). */
  allowOutsideData?: boolean;
  /** Overrides training.steps (for a resumed run: the total to reach). */
  steps?: number;
  onEvent(e: TrainEvent): void;
  /** Polled between steps; true => finish as 'stopped' with a checkpoint. */
  shouldStop(): boolean;
  /** The spec's warnings (the same `validate` shows), called once before the data is read, if there are any. */
  onWarnings?(specPath: string, warnings: SpecProblem[]): void;
  /** Where the run is recorded (tests inject one whose disk fills up); default: the host's run store at the workspace root. */
  store?: RunStore;
}

const YIELD_EVERY_MS = 100; // let the event loop breathe (stop messages, SIGINT) without slowing training

interface Prepared {
  spec: Spec;
  task: Task;
  trainer: Trainer;
  run: RunWriter;
  /** Steps done before this process (a resumed run), and their training time. */
  firstStep: number;
  elapsedBefore: number;
}

export async function runTraining(opts: RunTrainingOptions): Promise<FinishedEvent> {
  const { spec, task, trainer, run, firstStep, elapsedBefore } = opts.resume !== undefined ? prepareResume(opts, opts.resume) : prepareNew(opts);
  const emit = (e: TrainEvent): void => {
    run.append(e);
    opts.onEvent(e);
  };
  const started: TrainEvent = {
    type: 'started',
    runId: run.id,
    folder: run.folder,
    parameterCount: trainer.parameterCount,
    totalSteps: spec.training.steps,
    name: spec.name,
    kernels: trainer.model.kernels,
    threads: trainer.model.threads,
  };
  // A resumed run's log already starts with its `started` event: the front ends hear it, the log does not.
  if (firstStep === 0) emit(started);
  else opts.onEvent({ ...started, resumedFrom: firstStep });

  const summary: RunSummary = { ...run.summary, steps: firstStep, parameterCount: trainer.parameterCount };
  delete summary.message;
  delete summary.msg;
  delete summary.divergence;
  let elapsedMs = elapsedBefore;
  let checkpointStep: number | undefined = firstStep > 0 ? firstStep : undefined; // the step of the last checkpoint written whole
  const checkpoint = (): void => {
    run.writeCheckpoint(weightsBytes(trainer), vocabFile(task), encodeResumeState(trainer.resumeState(elapsedMs)));
    checkpointStep = trainer.stepsDone;
  };
  const evaluate = (): void => {
    const ev = trainer.evaluate();
    emit(ev);
    summary.lastValLoss = ev.valLoss;
    if (Number.isFinite(ev.valLoss) && !(ev.valLoss >= (summary.bestValLoss ?? Infinity))) summary.bestValLoss = ev.valLoss;
    const probe = trainer.probe();
    run.writeProbe(probe); // probe.json and the history in probes.jsonl: metrics.jsonl stays small
    opts.onEvent(probe);
    checkpoint();
  };

  let status: RunStatus = 'completed';
  let lastYield = performance.now();
  let tokens = 0;
  try {
    if (firstStep === 0) evaluate(); // step 0: the untrained baseline, so every curve starts where the model starts
    for (let s = firstStep + 1; s <= spec.training.steps; s++) {
      if (opts.shouldStop()) {
        status = 'stopped';
        break;
      }
      const p = trainer.step();
      tokens += task.tokensPerBatch;
      elapsedMs = elapsedBefore + p.elapsedMs;
      summary.steps = p.step;
      summary.finalLoss = p.loss;
      summary.elapsedMs = elapsedMs;
      if (s % spec.training.evalEvery === 0 || s === spec.training.steps) {
        emit({ ...p, split: trainer.takeSplit() });
        evaluate();
        run.heartbeat();
      } else {
        emit(p);
      }
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await opts.host.yieldNow();
        lastYield = performance.now();
      }
    }
    if (status === 'stopped') checkpoint();
  } catch (e) {
    if (!(e instanceof DivergedError)) {
      if (e instanceof RunFileError && e.diskFull) {
        const kept = checkpointStep !== undefined ? msg('run.checkpointKept', { step: checkpointStep, folder: run.folder }) : msg('run.noCheckpoint');
        e.explain(msg('run.diskFullStopped', { error: e.msg, step: summary.steps, kept }));
      }
      const ev: FinishedEvent = { type: 'finished', status: 'failed', summary: { ...summary } };
      setEndMessage(ev.summary, errorMessageOf(e));
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
    summary.divergence = e.divergence;
    // A non-finite step was refused: the weights are those before it, the last good ones. A loss that
    // grew has been bad for a while: the last checkpoint stays.
    if (e.divergence.cause !== 'loss-grew') checkpoint();
  }
  if (summary.elapsedMs && elapsedMs > elapsedBefore) summary.tokensPerSec = tokens / ((elapsedMs - elapsedBefore) / 1000);
  const finished = finish(run, status, summary);
  opts.onEvent(finished);
  return finished;

  function finish(r: RunWriter, st: RunStatus, sum: RunSummary): FinishedEvent {
    const ev: FinishedEvent = { type: 'finished', status: st, summary: sum };
    r.append(ev);
    r.finish(st, sum);
    return ev;
  }
}

function prepareNew(opts: RunTrainingOptions): Prepared {
  if (!opts.specPath) throw new Error('runTraining: a specPath or a run to resume is needed');
  const { host } = opts;
  const specPath = host.path.resolve(opts.specPath);
  const root = opts.store?.root ?? opts.workspaceRoot ?? host.workspaceRootOf(specPath);
  const access = { workspaceRoot: root, allowOutside: opts.allowOutsideData === true };
  const { spec, text, warnings } = host.loadSpec(specPath, access);
  if (warnings.length > 0) opts.onWarnings?.(specPath, warnings);
  if (opts.steps !== undefined) spec.training.steps = opts.steps;
  const task = createTask(spec, host.path.dirname(specPath), host.taskIO(access));
  const trainer = new Trainer(spec, task);
  const store = opts.store ?? host.runStore(root);
  const run = store.create({ name: spec.name, specPath, specText: text, config: { ...configDigest(spec), parameters: trainer.parameterCount } });
  return { spec, task, trainer, run, firstStep: 0, elapsedBefore: 0 };
}

/** A recorded run, its spec snapshot and its last checkpoint: the trainer as it was at that step. */
function prepareResume(opts: RunTrainingOptions, query: string): Prepared {
  const { host } = opts;
  const root = opts.store?.root ?? opts.workspaceRoot ?? host.workspaceRootOf(undefined);
  const store = opts.store ?? host.runStore(root);
  const info = store.resolve(query); // refuses with a UserError: none, several, or an unreadable runs folder
  const read = (file: string): Uint8Array => {
    const bytes = store.readRunFile(info.id, file);
    if (!bytes) throw new UserError(msg('error.resumeNoFile', { id: info.id, file }));
    return bytes;
  };
  const { spec } = parseSpec(new TextDecoder().decode(read(RUN_FILES.spec)));
  if (!spec) throw new UserError(msg('error.resumeSpecGone', { id: info.id }));
  if (opts.steps !== undefined) spec.training.steps = opts.steps;
  const weights = read(RUN_FILES.weights);
  const resume = read(RUN_FILES.resume);
  const state = decodeRunFile(info.id, RUN_FILES.resume, resume, decodeResumeState);
  const weightsStep = decodeRunFile(info.id, RUN_FILES.weights, weights, checkpointStep);
  if (weightsStep !== state.step) {
    throw new UserError(msg('error.resumeMismatch', { id: info.id, weights: weightsStep ?? '?', state: state.step }));
  }
  if (state.step >= spec.training.steps) {
    throw new UserError(msg('error.resumeAtEnd', { id: info.id, step: state.step, steps: spec.training.steps }));
  }
  // The snapshot names its data file relative to the spec it was taken from.
  const task = createTask(spec, store.specDirOf(info), host.taskIO({ workspaceRoot: root, allowOutside: opts.allowOutsideData === true }));
  const trainer = new Trainer(spec, task);
  loadWeights(trainer.model.params, decodeRunFile(info.id, RUN_FILES.weights, weights, readSafetensors));
  trainer.restore(state);
  let run: RunWriter;
  try {
    run = store.reopen(info.id, state.step);
  } catch (e) {
    throw asUserError(e);
  }
  return { spec, task, trainer, run, firstStep: state.step, elapsedBefore: state.elapsedMs };
}

function weightsBytes(trainer: Trainer): Uint8Array {
  return writeSafetensors(
    trainer.model.params.map((p) => ({ name: p.name, shape: p.shape, data: p.data })),
    { step: String(trainer.stepsDone) },
  );
}

/** What `sample` and the panel need to read a checkpoint back without the data file. */
function vocabFile(task: Task): unknown {
  return {
    kind: task.kind,
    inputKind: task.inputKind,
    inputSize: task.inputSize,
    outputSize: task.outputSize,
    loss: task.loss,
    at: task.at,
    maxSteps: task.maxSteps,
    vocab: task.vocab,
    labels: task.labels,
  };
}
