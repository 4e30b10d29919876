// Reads a recorded run into what the panel shows (PanelRun): metrics, latest probe, spec, shapes, and
// the measured sweep over sequence lengths (sweep.json) when the user has run one.
import type { ProbeEvent, TrainEvent } from '../../protocol/events';
import type { RunStore } from '../../runs/run-store';
import { gatesOf } from '../../engine/model-config';
import { parseSpec } from '../../spec/parse';
import type { IndexedRun } from '../runs/run-index';
import { isTextRun } from '../runs/runs-tree';
import type { GradProfile, ModelIO, PanelRun } from '../../protocol/panel';
import { readSweepFile } from './sweep-file';
import { readWeightShapes } from './weights-header';

export function loadPanelRun(store: RunStore, run: IndexedRun): PanelRun {
  const all = safe(() => store.readMetrics(run.id), [] as TrainEvent[]);
  const events: TrainEvent[] = [];
  const gradProfiles: GradProfile[] = [];
  let lastProbe: ProbeEvent | undefined;
  for (const e of all) if (e.type !== 'probe') events.push(e);
  for (const p of safe(() => store.readProbes(run.id), [] as ProbeEvent[])) {
    gradProfiles.push(gradProfileOf(p));
    lastProbe = p;
  }
  const snapshot = safe(() => store.readSpecSnapshot(run.id), undefined);
  const spec = snapshot !== undefined ? safe(() => parseSpec(snapshot, { specDir: run.root, fileExists: () => true }).spec, undefined) : undefined;
  return {
    id: run.id,
    name: run.name,
    status: run.status,
    createdAt: run.createdAt,
    specPath: run.specFile,
    config: run.config ?? {},
    summary: run.summary ?? { steps: 0 },
    spec,
    gates: spec && spec.model.cell !== 'transformer' ? gatesOf(spec.model.cell) : spec ? 1 : undefined,
    ...checkpointInfo(store, run.id),
    events,
    probe: safe(() => store.readProbe(run.id), undefined) ?? lastProbe,
    gradProfiles,
    textModel: isTextRun(run),
    sweep: safe(() => readSweepFile(store.folderOf(run.id)), undefined),
  };
}

/** Shapes and task sizes of the latest checkpoint (absent before the first one). */
export function checkpointInfo(store: RunStore, runId: string): Pick<PanelRun, 'params' | 'io'> {
  const weights = safe(() => store.weightsPath(runId), undefined);
  const vocab = safe(() => store.readVocab(runId), undefined) as Partial<ModelIO & { kind: string }> | undefined;
  const io: ModelIO | undefined =
    vocab && typeof vocab.inputSize === 'number' && typeof vocab.outputSize === 'number'
      ? {
          taskKind: String(vocab.kind ?? ''),
          inputKind: vocab.inputKind === 'real' ? 'real' : 'tokens',
          inputSize: vocab.inputSize,
          outputSize: vocab.outputSize,
        }
      : undefined;
  return { params: weights ? readWeightShapes(weights) : undefined, io };
}

function gradProfileOf(p: ProbeEvent): GradProfile {
  return { step: p.step, layers: p.layers.map((l) => l.gradNorm) };
}

function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}
