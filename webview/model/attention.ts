// What the Attention tab draws, as plain data: one head's weights over the probe sequence as a T×T
// matrix (queries down, keys across) with the causal mask empty above the diagonal, the mean over the
// heads, and how many token labels fit. No DOM: unit-tested.
import type { ProbeEvent, ProbeLayer } from '../../src/protocol/events';

/** The head choice for the mean over a layer's heads. */
export const MEAN_HEAD = -1;

export interface AttentionMatrix {
  /** [query t][key s]: the weight for s ≤ t, null above the diagonal (masked: t never sees a later s). */
  weights: (number | null)[][];
  /** The probe's token at each position (both axes). */
  labels: string[];
  /** Cells with a weight: T·(T+1)/2. */
  cells: number;
  /** The largest weight past the first query (whose only key always gets 1): the top of the colour scale. */
  max: number;
}

export function hasAttention(probe: ProbeEvent | undefined): boolean {
  return !!probe?.layers.some((l) => (l.attention?.length ?? 0) > 0);
}

export function headsOf(layer: ProbeLayer | undefined): number {
  return layer?.attention?.length ?? 0;
}

/**
 * One head of one layer (or MEAN_HEAD: the mean over the heads). Whatever the probe holds above the
 * diagonal is dropped: the mask is drawn from the positions, not from the data.
 */
export function attentionMatrix(attention: number[][][], head: number, labels: string[]): AttentionMatrix {
  const heads = head === MEAN_HEAD ? attention : [attention[Math.max(0, Math.min(head, attention.length - 1))]];
  const T = heads[0]?.length ?? 0;
  const weights: (number | null)[][] = [];
  let cells = 0;
  let max = 0;
  for (let t = 0; t < T; t++) {
    const row: (number | null)[] = new Array(T).fill(null);
    for (let s = 0; s <= t; s++) {
      let w = 0;
      for (const a of heads) w += a[t]?.[s] ?? NaN;
      w /= heads.length;
      row[s] = w;
      cells++;
      if (t > 0 && Number.isFinite(w) && w > max) max = w;
    }
    weights.push(row);
  }
  return { weights, labels: Array.from({ length: T }, (_, t) => labels[t] ?? String(t)), cells, max: T <= 1 ? 1 : max || 1 };
}

/** Every n-th label so that labels `size` px tall (or wide) do not overlap on cells `cell` px apart. */
export function labelEvery(cell: number, size: number): number {
  return Math.max(1, Math.ceil(size / Math.max(cell, 1e-9)));
}

/** The attention of the probes a panel has seen, for watching heads form: [layer][head][t][s] by step. */
export interface AttentionSnapshot {
  step: number;
  layers: (number[][][] | undefined)[];
}

/** Keeps at most `max` snapshots: the first, the latest, and the rest thinned evenly. */
export function keepSnapshots(list: AttentionSnapshot[], max: number): AttentionSnapshot[] {
  if (list.length <= max) return list;
  const out: AttentionSnapshot[] = [];
  for (let i = 0; i < max; i++) out.push(list[Math.round((i * (list.length - 1)) / (max - 1))]);
  return out;
}
