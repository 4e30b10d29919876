// Train a lesson's spec (examples/lessons/) briefly, the way the extension and the CLI do
// (src/train/run-training.ts, recorded in a temporary workspace), and hand back what the panel shows.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EvalEvent, FinishedEvent, ProbeEvent, ProgressEvent, StartedEvent, TrainEvent } from '../../src/protocol/events';
import { parseSpecFile } from '../../src/node/spec-io';
import type { Spec } from '../../src/spec/types';
import { createTask } from '../../src/tasks';
import type { Task } from '../../src/tasks/task';
import { nodeTrainingHost } from '../../src/node/training-host';
import { runTraining } from '../../src/train/run-training';
import { LESSONS_DIR } from './lesson-data';

export interface LessonRun {
  started: StartedEvent;
  progress: ProgressEvent[];
  evals: EvalEvent[];
  /** Every probe, in order (the last is the one the panel shows at the end). */
  probes: ProbeEvent[];
  finished: FinishedEvent;
  folder: string;
}

/** A fresh workspace holding a copy of examples/lessons/ (specs and data). */
export function lessonWorkspace(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-lesson-'));
  mkdirSync(path.join(dir, '.git'));
  cpSync(LESSONS_DIR, dir, { recursive: true });
  return dir;
}

/**
 * Trains examples/lessons/<file> in a fresh workspace. `seed` replaces training.seed (to check that a
 * lesson's claim does not hang on one seed; the tests use the spec's own).
 */
export async function trainLesson(file: string, opts: { steps?: number; workspace?: string; seed?: number } = {}): Promise<LessonRun> {
  const ws = opts.workspace ?? lessonWorkspace();
  if (opts.seed !== undefined) {
    const specPath = path.join(ws, file);
    const json = JSON.parse(readFileSync(specPath, 'utf8')) as { training: { seed?: number } };
    json.training.seed = opts.seed;
    writeFileSync(specPath, JSON.stringify(json));
  }
  const events: TrainEvent[] = [];
  const finished = await runTraining({
    host: nodeTrainingHost,
    specPath: path.join(ws, file),
    workspaceRoot: ws,
    steps: opts.steps,
    onEvent: (e) => events.push(e),
    shouldStop: () => false,
  });
  const started = events.find((e): e is StartedEvent => e.type === 'started');
  if (!started) throw new Error(`${file}: no started event`);
  return {
    started,
    progress: events.filter((e): e is ProgressEvent => e.type === 'progress'),
    evals: events.filter((e): e is EvalEvent => e.type === 'eval'),
    probes: events.filter((e): e is ProbeEvent => e.type === 'probe'),
    finished,
    folder: started.folder,
  };
}

/** The lesson's spec (defaults applied) and its task, built from the shipped data. */
export function lessonSpec(file: string): { spec: Spec; task: Task } {
  const { spec, problems } = parseSpecFile(path.join(LESSONS_DIR, file));
  if (!spec) throw new Error(`${file}: ${JSON.stringify(problems)}`);
  return { spec, task: createTask(spec, LESSONS_DIR, { readText: (p) => readFileSync(p, 'utf8') }) };
}

/** ‖∂L/∂a⟨t⟩‖ of the top layer over the probe's positions. */
export function gradProfile(probe: ProbeEvent): number[] {
  return probe.layers[probe.layers.length - 1].gradNorm;
}

/** How much the gradient through time shrinks from the last position (where the loss is) back to the first. */
export function firstOverLast(profile: number[]): number {
  return profile[0] / profile[profile.length - 1];
}

export function last<T>(xs: T[]): T {
  if (xs.length === 0) throw new Error('empty');
  return xs[xs.length - 1];
}
