// Weight initialisation schemes. `kind` chooses how the recurrent layers (rnn.*) start; the head
// and the embedding always get their PyTorch module defaults (nn.Linear, nn.Embedding).
// Params are filled in the order given, drawing from `rng` only: same rng state => same values.
import type { Arr } from './tensor';
import type { Param } from './param';
import type { RecurrentConfig, InitKind } from './model-config';
import { gatesOf } from './model-config';
import type { Rng } from './rng';
import { SHARED_NAMES } from './param-names';

export type InitConfig = Pick<RecurrentConfig, 'cell' | 'hiddenSize'>;

type Shared = (typeof SHARED_NAMES)[keyof typeof SHARED_NAMES];
type Role = 'weight_ih' | 'weight_hh' | 'bias_ih' | 'bias_hh' | Shared;

export function initParams(params: Param[], cfg: InitConfig, kind: InitKind, rng: Rng): void {
  for (const p of params) initParam(p, cfg, kind, rng);
}

function initParam(p: Param, cfg: InitConfig, kind: InitKind, rng: Rng): void {
  const role = roleOf(p.name);
  const d = p.data;

  if (role === SHARED_NAMES.embedding) return fill(d, () => rng.normal());
  if (role === SHARED_NAMES.headWeight || role === SHARED_NAMES.headBias) {
    // nn.Linear: kaiming_uniform_(a=√5) on the weight and U(±1/√fan_in) on the bias both come
    // down to U(−1/√fan_in, 1/√fan_in); fan_in is the weight's column count (H).
    const fanIn = role === SHARED_NAMES.headWeight ? p.shape[1] : cfg.hiddenSize;
    const k = 1 / Math.sqrt(fanIn);
    return fill(d, () => rng.uniform(-k, k));
  }

  const H = cfg.hiddenSize;
  const G = gatesOf(cfg.cell);
  checkShape(p, role, G, H);

  if (kind === 'default') {
    // nn.RNN / nn.LSTM / nn.GRU: every weight and bias U(−1/√H, 1/√H).
    const k = 1 / Math.sqrt(H);
    return fill(d, () => rng.uniform(-k, k));
  }

  if (role === 'bias_ih' || role === 'bias_hh') {
    d.fill(0);
    // Forget-gate bias 1 (Gers et al. 2000; Jozefowicz et al. 2015) for the xavier and orthogonal
    // schemes: the cell starts out remembering. Only bias_ih, so the summed bias is exactly 1.
    if (cfg.cell === 'lstm' && role === 'bias_ih' && kind !== 'identity') d.fill(1, H, 2 * H);
    return;
  }

  const cols = p.shape[1];
  if (role === 'weight_hh' && kind === 'orthogonal') {
    for (let g = 0; g < G; g++) d.set(orthogonal(H, rng), g * H * H);
    return;
  }
  if (role === 'weight_hh' && kind === 'identity') {
    d.fill(0);
    for (let g = 0; g < G; g++) for (let i = 0; i < H; i++) d[g * H * H + i * H + i] = 1;
    return;
  }
  if (role === 'weight_ih' && kind === 'identity') {
    // IRNN (Le, Jaitly & Hinton 2015): small Gaussian input weights, std 0.001.
    return fill(d, () => 0.001 * rng.normal());
  }
  // Xavier-uniform per gate block: each block is an H×cols map, so fan_in = cols, fan_out = H
  // (not G·H). All blocks share that bound, so one fill covers them.
  const bound = Math.sqrt(6 / (cols + H));
  fill(d, () => rng.uniform(-bound, bound));
}

/**
 * A Haar-random n×n orthogonal matrix, row-major in float64: Gram–Schmidt on the columns of a
 * Gaussian matrix (the Q of its QR with diag(R) > 0, which is what torch.nn.init.orthogonal_'s
 * sign correction produces). Each column is orthogonalised twice ("twice is enough") so QᵀQ = I
 * to rounding error.
 */
export function orthogonal(n: number, rng: Rng): Float64Array {
  const a = new Float64Array(n * n);
  fill(a, () => rng.normal());
  const q: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    let v = Float64Array.from({ length: n }, (_, i) => a[i * n + j]);
    for (;;) {
      const before = norm(v);
      for (let pass = 0; pass < 2; pass++) {
        for (const u of q) {
          const dot = u.reduce((s, ui, i) => s + ui * v[i], 0);
          for (let i = 0; i < n; i++) v[i] -= dot * u[i];
        }
      }
      const after = norm(v);
      // A (near-)dependent column has probability ~0; redraw it rather than divide by ~0.
      if (after > 1e-8 * before) {
        for (let i = 0; i < n; i++) v[i] /= after;
        break;
      }
      v = Float64Array.from({ length: n }, () => rng.normal());
    }
    q.push(v);
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = q[j][i];
  return out;
}

function roleOf(name: string): Role {
  if ((Object.values(SHARED_NAMES) as string[]).includes(name)) return name as Shared;
  const m = /^rnn\.(weight_ih|weight_hh|bias_ih|bias_hh)_l\d+$/.exec(name);
  if (!m) throw new Error(`initParams: don't know how to initialise "${name}"`);
  return m[1] as Role;
}

function checkShape(p: Param, role: Role, G: number, H: number): void {
  const ok =
    p.shape[0] === G * H &&
    (role === 'bias_ih' || role === 'bias_hh' ? p.shape.length === 1 : p.shape.length === 2) &&
    (role !== 'weight_hh' || p.shape[1] === H);
  if (!ok) throw new Error(`initParams: "${p.name}" has shape [${p.shape}], expected ${G * H} rows for G=${G}, H=${H}`);
}

function fill(d: Arr, draw: () => number): void {
  for (let i = 0; i < d.length; i++) d[i] = draw();
}

function norm(v: Float64Array): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}
