// The model's parameters in the textbook notation of the seed (W_ax, W_aa, b_a, W_ya, b_y per layer,
// with the LSTM/GRU gate blocks named; for a Transformer W_q, W_k, W_v, W_o, the feed-forward W_1, W_2,
// the LayerNorms' γ, β, the positions P), their PyTorch names, shapes and counts. Every state_dict name
// is written once, in src/engine/param-names.ts.
import { count, t } from '../i18n';
import { SHARED_NAMES, TRANSFORMER_NAMES, recurrentNames, transformerNames } from '../../src/engine/param-names';
import type { CellKind } from '../../src/protocol/panel';
import type { ParamShape } from '../../src/protocol/panel';

export interface ParamRow {
  symbol: string; // W_ax⁽¹⁾ …
  role: string; // what it does
  names: string[]; // PyTorch state_dict names
  /** When the row is a slice of its tensor (W_q of in_proj_weight): the rows it takes, first and last. */
  rows?: [number, number];
  shape: string; // "[512, 65]", or symbolic when unknown
  count: number | undefined;
  gateBlocks?: string; // "W_ix; W_fx; W_gx; W_ox" — the G stacked blocks of H rows; a Transformer's heads
  /** The row's size depends on the sequence length (a Transformer's positions table). */
  dependsOnLength?: boolean;
}

export interface ParamModel {
  cell: CellKind;
  gates: number; // G, from the host (PanelRun.gates)
  hiddenSize: number;
  layers: number;
  embedding: number; // 0 = one-hot
  inputKind: 'tokens' | 'real';
  inputSize?: number; // V or I when known
  outputSize?: number; // O when known
  /** transformer: attention heads. */
  heads?: number;
  /** transformer: feed-forward width F (0 or absent: 4·H). */
  ffn?: number;
  /** transformer: rows of the positions table (absent: known only from the data, shown as T). */
  context?: number;
}

const GATE_NAMES: Record<CellKind, string[]> = { rnn: [], lstm: ['i', 'f', 'g', 'o'], gru: ['r', 'z', 'n'], transformer: [] };

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
function layerMark(k: number): string {
  return `⁽${String(k + 1)
    .split('')
    .map((c) => SUPERSCRIPT[Number(c)])
    .join('')}⁾`;
}

type Dim = number | string | undefined;
type Shaped = { shape: string; count: number | undefined };

/** Shapes from the checkpoint when it has the tensor, else from the spec; counts only when every size is known. */
function shaper(shapes?: ParamShape[]): { shapeOf(name: string, fallback: Dim[]): Shaped; dims(name: string, fallback: Dim[]): Dim[] } {
  const known = new Map((shapes ?? []).map((s) => [s.name, s.shape]));
  const dims = (name: string, fallback: Dim[]): Dim[] => known.get(name) ?? fallback;
  return { dims, shapeOf: (name, fallback) => shaped(dims(name, fallback)) };
}

function shaped(dims: Dim[]): Shaped {
  const shape = `[${dims.map((x) => (x === undefined ? '?' : String(x))).join(', ')}]`;
  const count = dims.every((x) => typeof x === 'number') ? (dims as number[]).reduce((a, b) => a * b, 1) : undefined;
  return { shape, count };
}

function sum(...xs: (number | undefined)[]): number | undefined {
  return xs.every((x) => x !== undefined) ? (xs as number[]).reduce((a, b) => a + b, 0) : undefined;
}

/** Two tensors shown as one row (b_ih + b_hh, a LayerNorm's γ and β). */
function pair(a: Shaped, b: Shaped): Shaped {
  return { shape: `${a.shape} + ${b.shape}`, count: sum(a.count, b.count) };
}

/** Rows from the checkpoint's real shapes when given, else from the spec (sizes the task fixes stay symbolic). */
export function paramRows(m: ParamModel, shapes?: ParamShape[]): ParamRow[] {
  if (m.cell === 'transformer') return transformerRows(m, shapes);
  const G = m.gates;
  const H = m.hiddenSize;
  const gates = GATE_NAMES[m.cell];
  const rows: ParamRow[] = [];
  const V = m.inputSize;
  const { shapeOf } = shaper(shapes);

  if (m.embedding > 0) {
    rows.push({ symbol: 'E', role: t('panel.role.embedding'), names: [SHARED_NAMES.embedding], ...shapeOf(SHARED_NAMES.embedding, [V ?? 'V', m.embedding]) });
  }
  for (let k = 0; k < m.layers; k++) {
    const L = layerMark(k);
    const n = recurrentNames(k);
    const inK = k > 0 ? H : m.embedding > 0 ? m.embedding : V;
    const inLabel = k > 0 ? H : m.embedding > 0 ? m.embedding : m.inputKind === 'real' ? 'I' : 'V';
    const ih = shapeOf(n.weightIh, [G * H, inK ?? inLabel]);
    const hh = shapeOf(n.weightHh, [G * H, H]);
    const bih = shapeOf(n.biasIh, [G * H]);
    const bhh = shapeOf(n.biasHh, [G * H]);
    const block = (suffix: string): string | undefined => (gates.length ? gates.map((g) => `W_${g}${suffix}`).join('; ') : undefined);
    rows.push({
      symbol: `W_ax${L}`,
      role: k === 0 ? t('panel.role.inputHidden') : t('panel.role.layerHidden', { k }),
      names: [n.weightIh],
      ...ih,
      gateBlocks: block('x'),
    });
    rows.push({ symbol: `W_aa${L}`, role: t('panel.role.recurrence'), names: [n.weightHh], ...hh, gateBlocks: block('a') });
    rows.push({
      symbol: `b_a${L}`,
      role: m.cell === 'gru' ? t('panel.role.biasesGru') : t('panel.role.biases'),
      names: [n.biasIh, n.biasHh],
      ...pair(bih, bhh),
      gateBlocks: gates.length ? gates.map((g) => `b_${g}`).join('; ') : undefined,
    });
  }
  rows.push(...headRows(m, shapeOf, 'W_ya'));
  return rows;
}

function headRows(m: ParamModel, shapeOf: (name: string, fallback: Dim[]) => Shaped, symbol: string): ParamRow[] {
  return [
    {
      symbol,
      role: m.cell === 'transformer' ? t('panel.role.featuresOut') : t('panel.role.hiddenOut'),
      names: [SHARED_NAMES.headWeight],
      ...shapeOf(SHARED_NAMES.headWeight, [m.outputSize ?? 'O', m.hiddenSize]),
    },
    { symbol: 'b_y', role: t('panel.role.outputBias'), names: [SHARED_NAMES.headBias], ...shapeOf(SHARED_NAMES.headBias, [m.outputSize ?? 'O']) },
  ];
}

/**
 * A causal pre-LN Transformer (PyTorch's nn.TransformerEncoder, docs/model.md): the input
 * (token embedding or projection) and the positions, then per layer attention (W_q, W_k, W_v are the
 * three H-row blocks of in_proj_weight), W_o, the feed-forward W_1, W_2 and two LayerNorms, then the
 * final LayerNorm and the head.
 */
function transformerRows(m: ParamModel, shapes?: ParamShape[]): ParamRow[] {
  const { shapeOf, dims } = shaper(shapes);
  const Hs = m.hiddenSize;
  const F = m.ffn && m.ffn > 0 ? m.ffn : 4 * Hs;
  const heads = m.heads && m.heads > 0 ? m.heads : 1;
  const T = TRANSFORMER_NAMES;
  const rows: ParamRow[] = [];
  if (m.inputKind === 'real') {
    rows.push({ symbol: 'W_in', role: t('panel.role.inputProj'), names: [T.inputWeight], ...shapeOf(T.inputWeight, [Hs, m.inputSize ?? 'I']) });
    rows.push({ symbol: 'b_in', role: t('panel.role.inputProjBias'), names: [T.inputBias], ...shapeOf(T.inputBias, [Hs]) });
  } else {
    rows.push({
      symbol: 'E',
      role: t('panel.role.embeddingTf'),
      names: [SHARED_NAMES.embedding],
      ...shapeOf(SHARED_NAMES.embedding, [m.inputSize ?? 'V', Hs]),
    });
  }
  rows.push({
    symbol: 'P',
    role: t('panel.role.positions'),
    names: [T.position],
    ...shapeOf(T.position, [m.context ?? 'T', Hs]),
    dependsOnLength: true,
  });
  for (let k = 0; k < m.layers; k++) {
    const L = layerMark(k);
    const n = transformerNames(k);
    // The checkpoint's width, when known: in_proj_weight is [3H, H].
    const inProj = dims(n.inProjWeight, [3 * Hs, Hs]);
    const H = typeof inProj[1] === 'number' ? inProj[1] : Hs;
    const perHead = H % heads === 0 ? H / heads : undefined;
    const headBlocks = perHead ? t('panel.role.headBlocks', { heads: count(heads, 'head', 'heads', '个头'), rows: perHead }) : undefined;
    const qkv: [string, string, string][] = [
      ['q', t('panel.role.q'), 'W_q'],
      ['k', t('panel.role.k'), 'W_k'],
      ['v', t('panel.role.v'), 'W_v'],
    ];
    qkv.forEach(([, role], i) => {
      rows.push({ symbol: `${qkv[i][2]}${L}`, role, names: [n.inProjWeight], rows: [i * H, (i + 1) * H - 1], ...shaped([H, H]), gateBlocks: headBlocks });
    });
    rows.push({ symbol: `b_q,k,v${L}`, role: t('panel.role.qkvBias'), names: [n.inProjBias], ...shapeOf(n.inProjBias, [3 * H]), gateBlocks: 'b_q; b_k; b_v' });
    rows.push({ symbol: `W_o${L}`, role: t('panel.role.outProj'), names: [n.outProjWeight], ...shapeOf(n.outProjWeight, [H, H]) });
    rows.push({ symbol: `b_o${L}`, role: t('panel.role.outProjBias'), names: [n.outProjBias], ...shapeOf(n.outProjBias, [H]) });
    rows.push({ symbol: `W_1${L}`, role: t('panel.role.ffIn'), names: [n.linear1Weight], ...shapeOf(n.linear1Weight, [F, H]) });
    rows.push({ symbol: `b_1${L}`, role: t('panel.role.ffInBias'), names: [n.linear1Bias], ...shapeOf(n.linear1Bias, [F]) });
    rows.push({ symbol: `W_2${L}`, role: t('panel.role.ffOut'), names: [n.linear2Weight], ...shapeOf(n.linear2Weight, [H, F]) });
    rows.push({ symbol: `b_2${L}`, role: t('panel.role.ffOutBias'), names: [n.linear2Bias], ...shapeOf(n.linear2Bias, [H]) });
    rows.push({
      symbol: `γ₁, β₁${L}`,
      role: t('panel.role.norm1'),
      names: [n.norm1Weight, n.norm1Bias],
      ...pair(shapeOf(n.norm1Weight, [H]), shapeOf(n.norm1Bias, [H])),
    });
    rows.push({
      symbol: `γ₂, β₂${L}`,
      role: t('panel.role.norm2'),
      names: [n.norm2Weight, n.norm2Bias],
      ...pair(shapeOf(n.norm2Weight, [H]), shapeOf(n.norm2Bias, [H])),
    });
  }
  rows.push({
    symbol: 'γ, β',
    role: t('panel.role.normFinal'),
    names: [T.normWeight, T.normBias],
    ...pair(shapeOf(T.normWeight, [Hs]), shapeOf(T.normBias, [Hs])),
  });
  rows.push(...headRows(m, shapeOf, 'W_y'));
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
