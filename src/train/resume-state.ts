// What a checkpoint keeps so that a run can continue exactly where it stopped (resume.safetensors):
// the optimizer's buffers and update count, a stream's carried hidden state, the divergence
// detector's running loss, and the step. The data position and the data RNG are not stored: the
// trainer replays the data pipeline up to the step, which draws the same batches again.
import type { OptimizerState } from '../engine/optimizers';
import { readSafetensors, safetensorsMetadata, writeSafetensors, type TensorToWrite } from '../engine/safetensors';
import type { State } from '../engine/sequence-model';
import type { GrowthState } from './divergence';
import { UserError } from '../messages/errors';
import { msg } from '../messages/render';

const RESUME_FORMAT = 'rnn-lab-resume/1';

export interface ResumeState {
  step: number;
  optimizer: OptimizerState;
  /** A stream's hidden state after the last window (recurrent models only). */
  streamState?: State;
  growth: GrowthState;
  /** Time spent training so far, so the resumed run's elapsed time goes on from it. */
  elapsedMs: number;
}

export function encodeResumeState(s: ResumeState): Uint8Array {
  const tensors: TensorToWrite[] = s.optimizer.buffers.map((b) => ({ name: `optimizer.${b.name}`, shape: b.shape, data: b.data }));
  s.streamState?.h.forEach((h, k) => tensors.push({ name: `state.h.${k}`, shape: [h.length], data: h }));
  s.streamState?.c?.forEach((c, k) => tensors.push({ name: `state.c.${k}`, shape: [c.length], data: c }));
  return writeSafetensors(tensors, {
    format: RESUME_FORMAT,
    step: String(s.step),
    optimizer: JSON.stringify({ kind: s.optimizer.kind, step: s.optimizer.step, learningRate: s.optimizer.learningRate }),
    growth: JSON.stringify(s.growth),
    elapsedMs: String(s.elapsedMs),
  });
}

export function decodeResumeState(bytes: Uint8Array): ResumeState {
  const meta = safetensorsMetadata(bytes);
  if (meta.format !== RESUME_FORMAT) throw new UserError(msg('error.resumeFormat', { format: JSON.stringify(meta.format), expected: RESUME_FORMAT }));
  const tensors = readSafetensors(bytes);
  const opt = JSON.parse(meta.optimizer) as Pick<OptimizerState, 'kind' | 'step' | 'learningRate'>;
  const buffers = [...tensors]
    .filter(([n]) => n.startsWith('optimizer.'))
    .map(([n, t]) => ({ name: n.slice('optimizer.'.length), shape: t.shape, data: t.data }));
  const layers = (prefix: string) =>
    [...tensors]
      .filter(([n]) => n.startsWith(prefix))
      .sort(([a], [b]) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)))
      .map(([, t]) => t.data);
  const h = layers('state.h.');
  const c = layers('state.c.');
  const state: ResumeState = {
    step: Number(meta.step),
    optimizer: { ...opt, buffers },
    growth: JSON.parse(meta.growth) as GrowthState,
    elapsedMs: Number(meta.elapsedMs) || 0,
  };
  if (h.length > 0) state.streamState = c.length > 0 ? { h, c } : { h };
  return state;
}

/** The step a checkpoint file says it holds (its metadata), or undefined for an older file without it. */
export function checkpointStep(bytes: Uint8Array): number | undefined {
  const step = safetensorsMetadata(bytes).step;
  return step === undefined ? undefined : Number(step);
}
