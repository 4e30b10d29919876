// A divergence (src/train/divergence.ts, and the `divergence` of a run summary) as a catalogue message,
// so the CLI, the notifications and the panel each render it in their language.
import { msg } from './render';
import type { Message } from './types';

/** The running loss must exceed this many times the first step's loss. */
export const GROWTH_FACTOR = 10;

/** The data of a divergence, as the trainer records it (causes and advice as in src/train/divergence.ts). */
export interface DivergenceData {
  step: number;
  cause: string; // 'loss-not-finite' | 'gradient-not-finite' | 'loss-grew'
  /** The loss or gradient norm that showed it (for loss-grew: the running loss). A NaN or infinite
   *  value is kept as its text ('NaN', 'Infinity'): JSON would turn the number into null. */
  value: number | string;
  baseline?: number;
  advice: string; // 'time-residual-stream' | 'add-clip' | 'tighter-clip'
  learningRate: number;
}

/** A value as the divergence records it: a finite number as is, a NaN or infinity as its text. */
export function recordedValue(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}

/** The text of a NaN or infinite value. Runs recorded before the value was kept as text hold null (JSON's NaN or ±Infinity). */
function nonFiniteText(v: unknown): string {
  return v === null || v === undefined ? 'NaN/∞' : String(v);
}

export function divergenceMessage(d: DivergenceData): Message {
  const what =
    d.cause === 'loss-not-finite'
      ? msg('div.lossNotFinite', { value: nonFiniteText(d.value) })
      : d.cause === 'gradient-not-finite'
        ? msg('div.gradNotFinite', { value: nonFiniteText(d.value) })
        : msg('div.lossGrew', { value: Number(d.value), factor: GROWTH_FACTOR, baseline: d.baseline ?? 0 });
  const kept = msg(d.cause === 'loss-grew' ? 'div.keptCheckpoint' : 'div.keptWeights');
  const lr = { lr: d.learningRate, lrSmaller: d.learningRate / 10 };
  const advice =
    d.advice === 'time-residual-stream' ? msg('div.adviceTimeResidual') : msg(d.advice === 'tighter-clip' ? 'div.adviceTighterClip' : 'div.adviceAddClip', lr);
  return msg('div.summary', { step: d.step, what, kept, advice });
}

/** Why a run ended, from its summary, as a message: a divergence's explanation, else the recorded end message, else its English text. */
export function endMessage(summary: { divergence?: DivergenceData; msg?: Message; message?: string }): Message | undefined {
  if (summary.divergence) return divergenceMessage(summary.divergence);
  if (summary.msg) return summary.msg;
  return summary.message !== undefined ? { code: 'text', args: { text: summary.message } } : undefined;
}
