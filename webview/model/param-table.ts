// The model's parameters in the textbook notation of the seed (W_ax, W_aa, b_a, W_ya, b_y per layer,
// with the LSTM/GRU gate blocks named), their PyTorch names, shapes and counts.
import type { CellKind } from '../../src/engine/model-config';
import type { ParamShape } from '../../src/extension/panel/protocol';
import { gatesOf } from './parallelism';

export interface ParamRow {
  symbol: string; // W_ax⁽¹⁾ …
  role: string; // what it does
  names: string[]; // PyTorch state_dict names
  shape: string; // "[512, 65]", or symbolic when unknown
  count: number | undefined;
  gateBlocks?: string; // "W_ix; W_fx; W_gx; W_ox" — the G stacked blocks of H rows
}

export interface ParamModel {
  cell: CellKind;
  hiddenSize: number;
  layers: number;
  embedding: number; // 0 = one-hot
  inputKind: 'tokens' | 'real';
  inputSize?: number; // V or I when known
  outputSize?: number; // O when known
}

const GATE_NAMES: Record<CellKind, string[]> = { rnn: [], lstm: ['i', 'f', 'g', 'o'], gru: ['r', 'z', 'n'], transformer: [] };

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
export function layerMark(k: number): string {
  return `⁽${String(k + 1).split('').map((c) => SUPERSCRIPT[Number(c)]).join('')}⁾`;
}

/** Rows from the checkpoint's real shapes when given, else from the spec (sizes the task fixes stay symbolic). */
export function paramRows(m: ParamModel, shapes?: ParamShape[]): ParamRow[] {
  const G = gatesOf(m.cell);
  const H = m.hiddenSize;
  const known = new Map((shapes ?? []).map((s) => [s.name, s.shape]));
  const gates = GATE_NAMES[m.cell];
  const rows: ParamRow[] = [];
  const V = m.inputSize;
  const shapeOf = (name: string, fallback: (number | string | undefined)[]): { shape: string; count: number | undefined } => {
    const real = known.get(name);
    const dims = real ?? fallback;
    const shape = `[${dims.map((x) => (x === undefined ? '?' : String(x))).join(', ')}]`;
    const count = dims.every((x) => typeof x === 'number') ? (dims as number[]).reduce((a, b) => a * b, 1) : undefined;
    return { shape, count };
  };
  const sum = (...xs: (number | undefined)[]): number | undefined => (xs.every((x) => x !== undefined) ? (xs as number[]).reduce((a, b) => a + b, 0) : undefined);

  if (m.embedding > 0) {
    rows.push({ symbol: 'E', role: 'token embedding (row v is token v\'s input vector)', names: ['embedding.weight'], ...shapeOf('embedding.weight', [V ?? 'V', m.embedding]) });
  }
  for (let k = 0; k < m.layers; k++) {
    const L = layerMark(k);
    const inK = k > 0 ? H : m.embedding > 0 ? m.embedding : V;
    const inLabel = k > 0 ? H : m.embedding > 0 ? m.embedding : m.inputKind === 'real' ? 'I' : 'V';
    const ih = shapeOf(`rnn.weight_ih_l${k}`, [G * H, inK ?? inLabel]);
    const hh = shapeOf(`rnn.weight_hh_l${k}`, [G * H, H]);
    const bih = shapeOf(`rnn.bias_ih_l${k}`, [G * H]);
    const bhh = shapeOf(`rnn.bias_hh_l${k}`, [G * H]);
    const block = (suffix: string): string | undefined => (gates.length ? gates.map((g) => `W_${g}${suffix}`).join('; ') : undefined);
    rows.push({
      symbol: `W_ax${L}`,
      role: k === 0 ? 'input → hidden' : `layer ${k} output → hidden`,
      names: [`rnn.weight_ih_l${k}`],
      ...ih,
      gateBlocks: block('x'),
    });
    rows.push({ symbol: `W_aa${L}`, role: 'hidden⟨t−1⟩ → hidden⟨t⟩ (the recurrence)', names: [`rnn.weight_hh_l${k}`], ...hh, gateBlocks: block('a') });
    rows.push({
      symbol: `b_a${L}`,
      role: m.cell === 'gru' ? 'biases (b_hn stays inside r ⊙ (…), so the two are kept apart)' : 'biases (b_a = b_ih + b_hh)',
      names: [`rnn.bias_ih_l${k}`, `rnn.bias_hh_l${k}`],
      shape: `${bih.shape} + ${bhh.shape}`,
      count: sum(bih.count, bhh.count),
      gateBlocks: gates.length ? gates.map((g) => `b_${g}`).join('; ') : undefined,
    });
  }
  rows.push({ symbol: 'W_ya', role: 'hidden → output (the head)', names: ['head.weight'], ...shapeOf('head.weight', [m.outputSize ?? 'O', H]) });
  rows.push({ symbol: 'b_y', role: 'output bias', names: ['head.bias'], ...shapeOf('head.bias', [m.outputSize ?? 'O']) });
  return rows;
}

export function totalCount(rows: ParamRow[]): number | undefined {
  let n = 0;
  for (const r of rows) {
    if (r.count === undefined) return undefined;
    n += r.count;
  }
  return n;
}
