// The training worker (worker_threads): runs runTraining off the extension host's event loop and
// posts every event to the parent. A 'stop' message sets the flag runTraining polls between steps,
// so the run is recorded as `stopped` with its last checkpoint. It also answers one-shot sampling
// requests, so a large model's sampling never blocks the extension host either.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { TrainEvent } from './protocol/events';
import { errorMessageOf, isCodedError } from './messages/errors';
import { TaskDataError } from './tasks/task-data-error';
import { SpecError } from './train/spec-error';
import { runTraining } from './train/run-training';
import { nodeRunFs } from './node/run-fs';
import { nodeRunStore } from './node/run-store';
import { installNodeThreads } from './node/threads';
import { nodeTrainingHost } from './node/training-host';
import { sampleFromRun } from './train/sample';
import { sweepRun } from './train/sweep-run';
import type { FromWorker, SampleReply, SampleRequest, SweepReply, SweepRequest, ToWorker, WorkerError } from './protocol/worker';

const port = parentPort;
if (!port) throw new Error('worker.ts must run inside a worker thread');

lowerThreadPriority();

let stopRequested = false;
let started = false;

port.on('message', (msg: ToWorker | SampleRequest | SweepRequest) => {
  if (msg.type === 'stop') stopRequested = true;
  else if (msg.type === 'start' && !started) {
    started = true;
    installNodeThreads(msg.threads); // helpers are started by the first large product, niced like this thread
    void train(msg);
  } else if (msg.type === 'sample') sample(msg);
  else if (msg.type === 'sweep') sweep(msg);
});

function sweep(msg: SweepRequest): void {
  const post = (m: SweepReply): void => port!.postMessage(m);
  try {
    installNodeThreads(msg.threads);
    // the data file is read wherever it is: the run was trained from it already
    const result = sweepRun(
      nodeRunStore(msg.workspaceRoot),
      msg.runId,
      { readText: nodeRunFs.readText },
      { onProgress: (done, total, series, T) => post({ type: 'sweepProgress', done, total, series, T }) },
    );
    post({ type: 'swept', sweep: result });
  } catch (e) {
    post({ type: 'error', message: describe(e), msg: errorMessageOf(e) });
  }
}

async function train(msg: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  let finished = false;
  const post = (m: FromWorker): void => port!.postMessage(m);
  try {
    const result = await runTraining({
      host: nodeTrainingHost,
      specPath: msg.resume ? undefined : msg.specPath,
      resume: msg.resume,
      workspaceRoot: msg.workspaceRoot,
      allowOutsideData: msg.allowOutsideData === true,
      steps: msg.steps,
      onEvent: (e: TrainEvent) => {
        if (e.type === 'finished') finished = true;
        post(e);
      },
      shouldStop: () => stopRequested,
      onWarnings: (specPath, problems) => post({ type: 'warnings', specPath, problems }),
    });
    if (!finished) post(result);
  } catch (e) {
    post(workerError(e));
  }
}

function sample(msg: SampleRequest): void {
  let reply: SampleReply;
  try {
    const { workspaceRoot, runId, length, temperature, prime, seed } = msg;
    reply = { type: 'sampled', text: sampleFromRun(nodeRunStore(workspaceRoot), runId, { length, temperature, prime, seed }) };
  } catch (e) {
    reply = { type: 'error', message: describe(e), msg: errorMessageOf(e) };
  }
  port!.postMessage(reply);
}

/** Classified by the error's `code` (src/messages/errors.ts); the message goes as data too, for the host to render. */
function workerError(e: unknown): WorkerError {
  const message = describe(e);
  if (isCodedError(e)) {
    const error: WorkerError = { type: 'error', message, kind: e.code, msg: e.msg };
    if (e instanceof SpecError) error.problems = e.problems;
    if (e instanceof TaskDataError) error.file = e.file;
    return error;
  }
  return { type: 'error', message, kind: 'internal', stack: e instanceof Error ? e.stack : undefined };
}

function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const problems = e instanceof SpecError ? e.problems : undefined;
  if (!problems?.length) return e.message;
  const lines = problems.map((p) => `  ${p.line !== undefined ? `line ${p.line}: ` : ''}${p.path ? `${p.path}: ` : ''}${p.message}`);
  return `${e.message}\n${lines.join('\n')}`;
}

/**
 * Training is background work: on Linux, nice this thread (not the process) so the extension host's
 * main thread and the UI win when the cores are busy. /proc/thread-self names this thread's id.
 * Elsewhere (or if not permitted) the thread keeps the normal priority.
 */
function lowerThreadPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
  } catch {
    // not Linux, or not allowed: fine
  }
}
