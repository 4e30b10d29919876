// When training has diverged, and what to tell the user. Two signs: a loss or gradient that is NaN or
// infinite (the step is refused, its weights kept), and a loss that has grown far past where it
// started without ever becoming infinite (a residual sum that grows without bound, a learning rate
// far too large). The second is read from a running average, so one bad batch does not end a run.
import { divergenceMessage, GROWTH_FACTOR, type DivergenceData } from '../messages/divergence';
import { render } from '../messages/render';
import type { Lang } from '../messages/types';
import type { Spec } from '../spec/types';

/** The running loss must exceed this many times the first step's loss (defined beside the message that quotes it). */
/** Steps before which growth is not judged (the running average needs a few to settle). */
const SETTLE_STEPS = 10;
/** Weight of the newest loss in the running average. */
const EMA_WEIGHT = 0.1;

export type DivergenceCause = 'loss-not-finite' | 'gradient-not-finite' | 'loss-grew';
/** What to try: the leaky form for a summing residual across time on a carried stream, or the usual clip / step-size advice. */
export type DivergenceAdvice = 'time-residual-stream' | 'add-clip' | 'tighter-clip';

/** A divergence as data: the front ends render it in the user's language. */
export interface Divergence extends DivergenceData {
  cause: DivergenceCause;
  advice: DivergenceAdvice;
}

/** The detector's state, kept in a checkpoint so that a resumed run judges growth as the first would have. */
export interface GrowthState {
  steps: number;
  first: number; // the first step's loss: where the model started
  ema: number;
}

export class GrowthDetector {
  state: GrowthState = { steps: 0, first: 0, ema: 0 };

  /** Takes one step's loss; true when the running loss has grown past GROWTH_FACTOR × the first. */
  grew(loss: number): boolean {
    const s = this.state;
    s.steps++;
    if (s.steps === 1) s.first = s.ema = loss;
    else s.ema = (1 - EMA_WEIGHT) * s.ema + EMA_WEIGHT * loss;
    return s.steps > SETTLE_STEPS && s.first > 0 && s.ema > GROWTH_FACTOR * s.first;
  }

  get baseline(): number {
    return this.state.first;
  }
}

export function adviceFor(spec: Spec, cause: DivergenceCause): DivergenceAdvice {
  const stream = spec.task.kind === 'char-lm' || spec.task.kind === 'word-lm' || spec.task.kind === 'series';
  // The plain sum only: a leaky time residual (model.timeResidual) keeps the state bounded.
  const summing = spec.model.cell !== 'transformer' && (spec.model.residual === 'time' || spec.model.residual === 'both') && !spec.model.timeResidual;
  if (summing && stream && cause === 'loss-grew') return 'time-residual-stream';
  return spec.training.clip ? 'tighter-clip' : 'add-clip';
}

/** The text of a divergence (English by default: the run summary's message). */
export function describeDivergence(d: Divergence, lang: Lang = 'en'): string {
  return render(divergenceMessage(d), lang);
}
