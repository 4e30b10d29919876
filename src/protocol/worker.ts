// Messages between the extension host and the training worker (src/worker.ts).
import type { SweepResult, TrainEvent } from './events';
import type { Message } from '../messages/types';
import type { SeriesIdentity } from '../messages/sweep-series';
import type { SpecProblem } from '../spec/problem';

export type ToWorker =
  | {
      type: 'start';
      specPath: string;
      /** Continue this run (an id) from its last checkpoint instead of starting a new one from specPath. */
      resume?: string;
      workspaceRoot?: string;
      steps?: number;
      /** kernel threads; 0 = auto */
      threads?: number;
      /** rnnLab.data.allowOutsideWorkspace: read a data file that resolves outside the workspace */
      allowOutsideData?: boolean;
    }
  | { type: 'stop' };

/**
 * Why training could not go on. `spec`: the spec has problems (the message lists them); `data`: the
 * task's data is unusable; `files`: the run folder could not be written; `user`: another mistake the
 * message explains; `internal`: a bug (stack set).
 */
export interface WorkerError {
  type: 'error';
  message: string;
  kind: 'spec' | 'data' | 'files' | 'user' | 'internal';
  /** The error as a catalogue message (not for `internal`): the host renders it in the user's language. */
  msg?: Message;
  /** `spec`: the problems (code, args and English text each). */
  problems?: SpecProblem[];
  /** `data`: the data file as the spec names it (relative to the spec's folder). */
  file?: string;
  stack?: string;
}

/** The spec's warnings (what the editor shows in Problems), posted before training starts. */
export interface WorkerWarnings {
  type: 'warnings';
  specPath: string;
  problems: SpecProblem[];
}

export type FromWorker = TrainEvent | WorkerError | WorkerWarnings;

/** Sampling requests ride on the same worker entry (not part of the training stream). */
export interface SampleRequest {
  type: 'sample';
  workspaceRoot: string;
  runId: string;
  length: number;
  temperature: number;
  prime?: string;
  seed?: number;
}
/** An error reply: the message as data (`msg`, rendered by the host in the user's language) and in English. */
export type WorkerErrorReply = { type: 'error'; message: string; msg: Message };
export type SampleReply = { type: 'sampled'; text: string } | WorkerErrorReply;

/** A sweep over sequence lengths of a run's spec and its twin (the panel's Parallelism tab). */
export interface SweepRequest {
  type: 'sweep';
  workspaceRoot: string;
  runId: string;
  threads?: number;
}
export type SweepReply =
  { type: 'sweepProgress'; done: number; total: number; series?: SeriesIdentity; T?: number } | { type: 'swept'; sweep: SweepResult } | WorkerErrorReply;
