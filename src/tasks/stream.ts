// Where the windows of a stream task (char-lm, word-lm, series) sit in the sequence.
// A sequence of n items gives n-1 scored steps: the input at position p is scored against item p+1.
// Training: B lanes, lane b reads the contiguous region [b*L, (b+1)*L) of input positions; window k+1
// of a lane continues window k, so the trainer carries the hidden state from one window to the next.
// Validation: the held-out part is cut into lanes and windows that cover every scored step exactly once.
import type { Rng } from '../engine/rng';

/** One window: lane b's step t reads input position starts[b] + t; steps t >= valid[b] are padding. */
export interface StreamWindow {
  B: number;
  T: number;
  starts: Int32Array;
  valid: Int32Array;
}

export class TrainStream {
  /** Input positions per lane. */
  readonly laneLength: number;
  private offset = 0;
  private window = 0;
  private windowsThisEpoch: number;
  private epoch = 0;

  /** Throws `tooShort()` when a lane cannot hold one window. */
  constructor(
    readonly items: number,
    readonly B: number,
    readonly T: number,
    tooShort: () => Error,
  ) {
    this.laneLength = Math.floor((items - 1) / B);
    if (this.laneLength < T) throw tooShort();
    this.windowsThisEpoch = Math.floor(this.laneLength / T);
  }

  /** Completed passes over the training part. */
  get epochs(): number {
    return this.epoch;
  }

  /**
   * The next window of every lane. The first epoch starts at offset 0; each later epoch starts at a
   * random offset in [0, T) drawn from `rng`, so window boundaries fall elsewhere each pass.
   */
  next(rng: Rng): StreamWindow {
    if (this.window >= this.windowsThisEpoch) {
      this.epoch++;
      this.offset = rng.int(Math.min(this.T, this.laneLength - this.T + 1));
      this.windowsThisEpoch = Math.floor((this.laneLength - this.offset) / this.T);
      this.window = 0;
    }
    const starts = new Int32Array(this.B);
    for (let b = 0; b < this.B; b++) starts[b] = b * this.laneLength + this.offset + this.window * this.T;
    this.window++;
    return { B: this.B, T: this.T, starts, valid: new Int32Array(this.B).fill(this.T) };
  }
}

/**
 * Windows over items [first, first + items): at most `maxLanes` lanes of equal length (the last may be
 * shorter), each read in consecutive windows of T steps. Together they cover the items-1 scored steps
 * exactly once; the last window of a lane is padded (valid < T) where the lane ends.
 */
export function validationWindows(first: number, items: number, maxLanes: number, T: number): StreamWindow[] {
  const scored = items - 1;
  if (scored <= 0) return [];
  const wanted = Math.max(1, Math.min(maxLanes, Math.ceil(scored / T)));
  const laneLength = Math.ceil(scored / wanted);
  const lanes = Math.ceil(scored / laneLength);
  const windows = Math.ceil(laneLength / T);
  const out: StreamWindow[] = [];
  for (let k = 0; k < windows; k++) {
    const starts = new Int32Array(lanes);
    const valid = new Int32Array(lanes);
    for (let b = 0; b < lanes; b++) {
      const laneStart = b * laneLength;
      const laneEnd = Math.min(laneStart + laneLength, scored);
      const s = laneStart + k * T;
      starts[b] = first + s;
      valid[b] = Math.max(0, Math.min(T, laneEnd - s));
    }
    out.push({ B: lanes, T, starts, valid });
  }
  return out;
}
