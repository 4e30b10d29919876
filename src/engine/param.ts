import type { Arr } from './tensor';

/** A learnable tensor under its PyTorch state_dict name (docs/model.md), row-major. */
export interface Param {
  name: string; // e.g. "rnn.weight_ih_l0", "head.bias", "embedding.weight"
  shape: number[];
  data: Arr;
  grad: Arr; // same length as data; backward() overwrites (not accumulates) it each call
}

export function paramCount(params: readonly Param[]): number {
  return params.reduce((n, p) => n + p.data.length, 0);
}
