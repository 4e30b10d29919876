// The Transformer family (docs/model.md, "The Transformer"): PyTorch's pre-LN
// nn.TransformerEncoder with a causal mask, between an input (embedding or linear) plus learned
// positions and a linear head, with the same losses as the recurrent model.
//
//   x⟨t⟩ = E[token⟨t⟩] (or W_in·x⟨t⟩ + b_in) + P[t]
//   per layer k:  x = x + MHA_k(norm1_k(x), causal);  x = x + linear2_k(gelu(linear1_k(norm2_k(x))))
//   features = encoder.norm(x); the head reads them at every position or at each row's last valid one
//
// step() runs one batch forward and (by default) backward, overwriting every p.grad with ∂loss/∂p.
// Shapes: B rows, T positions (T ≤ context), N = B·T, H wide, F feed-forward, O outputs. Rows are
// batch-first (n = b·T + t) throughout. Every matrix product, norm, softmax and GELU goes through the
// Kernels (WebAssembly SIMD on the model's heap for float32; the JS references are in this folder).
// All of the forward pass is parallel over positions: its time counts as inputProjectionMs.
import type { Batch } from '../batch';
import type { ProbeLayer } from '../probe';
import { ArenaFull, Backend, type ColumnSums } from '../kernels';
import { headBackward, headForward, headLoss } from '../head';
import type { LossValue } from '../loss';
import { checkBatch, isCount } from '../model';
import type { InitKind, TransformerConfig } from '../model-config';
import type { Param } from '../param';
import { SHARED_NAMES, TRANSFORMER_NAMES } from '../param-names';
import type { Rng } from '../rng';
import { resetTiming, type SequenceModel, type StepOptions, type StepResult, type Timing } from '../sequence-model';
import type { Arr } from '../tensor';
import { threadStats } from '../wasm/threads';
import { attentionBackward, attentionForward } from './attention';
import { initTransformerParams } from './transformer-init';
import { layerParams, transformerParamShapes, type LayerParams } from './transformer-params';
import { TransformerWorkspace } from './transformer-workspace';

const MAX_WORKSPACES = 4; // e.g. training, validation and probe shapes stay allocated

export class TransformerModel implements SequenceModel {
  readonly cfg: TransformerConfig;
  readonly carriesState = false;
  readonly maxSteps: number;
  readonly params: Param[]; // state_dict order (docs/model.md)
  readonly timing: Timing = { inputProjectionMs: 0, recurrenceMs: 0, headLossMs: 0, backwardMs: 0 };
  private readonly byName = new Map<string, Param>();
  private readonly embedding: Param | null; // [V, H] token inputs
  private readonly inW: Param | null; // [H, I] real inputs
  private readonly inB: Param | null; // [H]
  private readonly position: Param; // [context, H]
  private readonly layers: LayerParams[];
  private readonly normW: Param; // [H] encoder.norm
  private readonly normB: Param;
  private readonly headW: Param; // [O, H]
  private readonly headB: Param; // [O]
  private readonly workspaces = new Map<string, TransformerWorkspace>();
  private readonly backend: Backend;

  constructor(cfg: TransformerConfig) {
    checkTransformerConfig(cfg);
    this.cfg = { ...cfg, input: { ...cfg.input } };
    this.maxSteps = cfg.context;
    const shapes = transformerParamShapes(this.cfg);
    const allocate = (backend: Backend): Param[] => {
      const arena = backend.arena();
      return shapes.map(([name, shape]) => ({ name, shape, data: arena.f(size(shape)), grad: arena.f(size(shape)) }));
    };
    let backend = Backend.create(cfg.dtype);
    try {
      this.params = allocate(backend);
    } catch (e) {
      if (!(e instanceof ArenaFull)) throw e;
      backend = Backend.js(cfg.dtype);
      this.params = allocate(backend);
    }
    this.backend = backend;
    for (const p of this.params) this.byName.set(p.name, p);
    const tokens = cfg.input.kind === 'tokens';
    this.embedding = tokens ? this.param(SHARED_NAMES.embedding) : null;
    this.inW = tokens ? null : this.param(TRANSFORMER_NAMES.inputWeight);
    this.inB = tokens ? null : this.param(TRANSFORMER_NAMES.inputBias);
    this.position = this.param(TRANSFORMER_NAMES.position);
    this.layers = Array.from({ length: cfg.layers }, (_, k) => layerParams(k, (name) => this.param(name)));
    this.normW = this.param(TRANSFORMER_NAMES.normWeight);
    this.normB = this.param(TRANSFORMER_NAMES.normBias);
    this.headW = this.param(SHARED_NAMES.headWeight);
    this.headB = this.param(SHARED_NAMES.headBias);
  }

  param(name: string): Param {
    const p = this.byName.get(name);
    if (!p) throw new Error(`the model has no parameter '${name}' (it has ${[...this.byName.keys()].join(', ')})`);
    return p;
  }

  get kernels(): 'js' | 'wasm' {
    return this.backend.k.kind;
  }

  get threads(): number {
    return this.kernels === 'wasm' ? threadStats().helpers + 1 : 1;
  }

  resetTiming(): void {
    resetTiming(this.timing);
  }

  /** PyTorch's default initialisation of each module, whatever `kind` (see transformer-init.ts). */
  initialize(_kind: InitKind, rng: Rng): void {
    initTransformerParams(this.params, rng);
  }

  step(batch: Batch, opts: StepOptions = {}): StepResult {
    const backward = opts.backward ?? true;
    const cfg = this.cfg;
    if (batch.T > cfg.context) {
      throw new Error(`batch: ${batch.T} positions do not fit the Transformer's context of ${cfg.context} (position.weight has ${cfg.context} rows)`);
    }
    const hasTargets = checkBatch(cfg, batch, backward);
    const { B, T } = batch;
    const ws = this.workspace(B, T);
    const L = this.layers.length;
    const timing = this.timing;
    let now = performance.now();
    const lap = (): number => {
      const then = now;
      now = performance.now();
      return now - then;
    };

    // 1. Forward: every position at once.
    this.prepareInputs(ws, batch);
    this.inputForward(ws);
    for (let k = 0; k < L; k++) this.layerForward(k, ws);
    ws.k.layerNorm(B * T, cfg.hiddenSize, ws.xs[L], this.normW.data, this.normB.data, ws.feats, ws.xhatF, ws.rstdF);
    timing.inputProjectionMs += lap();

    // 2. Head and loss.
    headForward(this.cfg, ws, this.headW, this.headB, batch, { x: ws.feats, xOff: 0, dx: ws.hN, timeMajor: false });
    const lv: LossValue = hasTargets ? headLoss(this.cfg, ws, batch, backward) : { loss: 0, scored: 0, correct: 0 };
    timing.headLossMs += lap();

    // 3. Backward: head, final norm, layers top-down, input.
    const gradNorms = opts.probe && backward ? this.layers.map(() => new Array<number>(T).fill(0)) : null;
    if (backward) {
      for (const p of this.params) this.backend.k.zero(p.grad, 0, p.grad.length);
      // the head's gradients, then through the final norm into ws.dx = ∂L/∂xs[L]
      headBackward(this.cfg, ws, this.headW, this.headB, batch, { x: ws.feats, xOff: 0, dx: ws.hN, timeMajor: false });
      ws.k.layerNormBackward(B * T, cfg.hiddenSize, ws.hN, ws.xhatF, ws.rstdF, this.normW.data, this.normW.grad, this.normB.grad, ws.dx, false);
      for (let k = L - 1; k >= 0; k--) {
        this.layerBackward(k, ws);
        if (gradNorms) rowNorms(ws.dx, T, cfg.hiddenSize, gradNorms[k]); // ∂L/∂(layer k's input), row 0
      }
      this.inputBackward(ws);
      timing.backwardMs += lap();
    }

    const result: StepResult = { loss: lv.loss, scored: lv.scored, outputs: ws.outputs, finalState: { h: [] } };
    if (cfg.loss === 'cross-entropy') result.correct = lv.correct;
    if (opts.probe) result.probe = this.probe(ws, gradNorms);
    return result;
  }

  private workspace(B: number, T: number): TransformerWorkspace {
    const key = `${B}x${T}`;
    let ws = this.workspaces.get(key);
    if (ws) {
      this.workspaces.delete(key); // re-insert: the Map's order is least recently used first
    } else {
      if (this.workspaces.size >= MAX_WORKSPACES) {
        const oldest = this.workspaces.keys().next().value!;
        this.workspaces.get(oldest)!.release();
        this.workspaces.delete(oldest);
      }
      ws = this.backend.build((arena) => new TransformerWorkspace(this.cfg, B, T, arena));
    }
    this.workspaces.set(key, ws);
    return ws;
  }

  /** lengths, valid/use masks, inputs (0 / −1 on padding) and targets into the workspace. */
  private prepareInputs(ws: TransformerWorkspace, batch: Batch): void {
    const { B, T, lengths, mask } = batch;
    const { valid, use } = ws;
    for (let b = 0; b < B; b++) {
      const len = lengths ? lengths[b] : T;
      ws.lengths[b] = len;
      for (let t = 0; t < T; t++) {
        const n = b * T + t;
        valid[n] = t < len ? 1 : 0;
        use[n] = t < len && (!mask || mask[n]) ? 1 : 0;
      }
    }
    if (batch.targetIds && ws.targetIds) ws.targetIds.set(batch.targetIds);
    if (batch.targetReals && ws.targetReals) ws.targetReals.set(batch.targetReals);
    const input = this.cfg.input;
    if (input.kind === 'tokens') {
      const V = input.vocabSize;
      const tokens = batch.tokens!;
      const tok = ws.tok!;
      for (let n = 0; n < B * T; n++) {
        if (!valid[n]) {
          tok[n] = -1;
          continue;
        }
        const id = tokens[n];
        if (!(id >= 0 && id < V)) {
          throw new Error(`batch: token id ${id} at row ${Math.floor(n / T)}, step ${n % T} is out of range: the vocabulary has ${V} tokens`);
        }
        tok[n] = id;
      }
    } else {
      const I = input.size;
      const reals = batch.reals!;
      const xin = ws.xin!;
      for (let n = 0; n < B * T; n++) {
        const v = valid[n];
        for (let i = 0; i < I; i++) xin[n * I + i] = v ? reals[n * I + i] : 0;
      }
    }
  }

  /** xs[0] = E[token] (or x·W_inᵀ + b_in) + P[t] at valid positions, 0 on padding. */
  private inputForward(ws: TransformerWorkspace): void {
    const { B, T, k, valid } = ws;
    const H = this.cfg.hiddenSize;
    const N = B * T;
    const x0 = ws.xs[0];
    const pos = this.position.data;
    if (this.embedding) {
      const emb = this.embedding.data;
      const tok = ws.tok!;
      for (let n = 0; n < N; n++) {
        const o = n * H;
        if (tok[n] < 0) {
          for (let j = 0; j < H; j++) x0[o + j] = 0;
          continue;
        }
        const e = tok[n] * H;
        const p = (n % T) * H;
        for (let j = 0; j < H; j++) x0[o + j] = emb[e + j] + pos[p + j];
      }
      return;
    }
    const I = this.inW!.shape[1];
    k.fillRows(x0, 0, N, H, this.inB!.data, null);
    k.matmulBt(x0, 0, ws.xin!, 0, this.inW!.data, 0, N, I, H, true); // [N, H] = X·W_inᵀ + b_in
    for (let n = 0; n < N; n++) {
      const o = n * H;
      if (!valid[n]) {
        for (let j = 0; j < H; j++) x0[o + j] = 0;
        continue;
      }
      const p = (n % T) * H;
      for (let j = 0; j < H; j++) x0[o + j] += pos[p + j];
    }
  }

  /** ∂L/∂xs[0] (in ws.dx) into the embedding (or input projection) and position gradients. */
  private inputBackward(ws: TransformerWorkspace): void {
    const { B, T, k, valid, dx } = ws;
    const H = this.cfg.hiddenSize;
    const N = B * T;
    const dPos = this.position.grad;
    for (let n = 0; n < N; n++) {
      if (!valid[n]) continue;
      const o = n * H;
      const p = (n % T) * H;
      for (let j = 0; j < H; j++) dPos[p + j] += dx[o + j];
    }
    if (this.embedding) {
      const dEmb = this.embedding.grad;
      const tok = ws.tok!;
      for (let n = 0; n < N; n++) {
        if (tok[n] < 0) continue;
        const o = n * H;
        const e = tok[n] * H;
        for (let j = 0; j < H; j++) dEmb[e + j] += dx[o + j];
      }
      return;
    }
    // dW_in = dXᵀ·X, db_in = Σ dX (padded rows of dx are 0)
    const I = this.inW!.shape[1];
    k.matmulAt(this.inW!.grad, 0, dx, 0, ws.xin!, 0, H, N, I, true, sums(this.inB!.grad));
  }

  /** xs[k + 1] = x + attention(norm1(x)), then += linear2(gelu(linear1(norm2(·)))), with x = xs[k]. */
  private layerForward(kk: number, ws: TransformerWorkspace): void {
    const { hiddenSize: H, ffn: F } = this.cfg;
    const w = this.layers[kk];
    const a = ws.layers[kk];
    const { k, B, T } = ws;
    const N = B * T;
    const x = ws.xs[kk];
    const y = ws.xs[kk + 1];
    const lengths = ws.lengths;

    k.layerNorm(N, H, x, w.norm1W.data, w.norm1B.data, a.n1, a.xhat1, a.rstd1);
    attentionForward(k, ws.dims, lengths, a.n1, { w: w.inW, b: w.inB }, a.att, a.ctx); // q, k, v = n1·W_inᵀ + b_in, then MHA
    k.fillRows(y, 0, N, H, w.outB.data, null);
    k.matmulBt(y, 0, a.ctx, 0, w.outW.data, 0, N, H, H, true); // [N, H] = ctx·W_outᵀ + b_out
    k.add(y, 0, y, 0, x, 0, N * H); // residual

    k.layerNorm(N, H, y, w.norm2W.data, w.norm2B.data, a.n2, a.xhat2, a.rstd2);
    k.fillRows(a.g, 0, N, F, w.b1.data, null);
    k.matmulBt(a.g, 0, a.n2, 0, w.w1.data, 0, N, H, F, true); // [N, F] = n2·W1ᵀ + b1
    k.gelu(N * F, a.g, a.g, a.dg);
    k.fillRows(ws.hN, 0, N, H, w.b2.data, null);
    k.matmulBt(ws.hN, 0, a.g, 0, w.w2.data, 0, N, F, H, true); // [N, H] = g·W2ᵀ + b2
    k.add(y, 0, y, 0, ws.hN, 0, N * H); // residual
  }

  /** ws.dx: ∂L/∂xs[k + 1] in, ∂L/∂xs[k] out; the layer's gradients accumulate. */
  private layerBackward(kk: number, ws: TransformerWorkspace): void {
    const { hiddenSize: H, ffn: F } = this.cfg;
    const w = this.layers[kk];
    const a = ws.layers[kk];
    const { k, B, T, dx } = ws;
    const N = B * T;

    // feed-forward: y = x' + g·W2ᵀ + b2, g = gelu(n2·W1ᵀ + b1), n2 = norm2(x')
    k.matmul(ws.dhid, 0, dx, 0, w.w2.data, 0, N, H, F, false); // dG [N, F] = dY·W2
    k.matmulAt(w.w2.grad, 0, dx, 0, a.g, 0, H, N, F, true, sums(w.b2.grad)); // dW2 = dYᵀ·G, db2 = Σ dY
    k.geluBackward(N * F, ws.dhid, a.dg, ws.dhid); // ∂L/∂(linear1's output)
    k.matmulAt(w.w1.grad, 0, ws.dhid, 0, a.n2, 0, F, N, H, true, sums(w.b1.grad)); // dW1 = dAᵀ·n2, db1 = Σ dA
    k.matmul(ws.hN, 0, ws.dhid, 0, w.w1.data, 0, N, F, H, false); // dn2 [N, H] = dA·W1
    k.layerNormBackward(N, H, ws.hN, a.xhat2, a.rstd2, w.norm2W.data, w.norm2W.grad, w.norm2B.grad, dx, true); // dx' = dY + norm2ᵀ(dn2)

    // attention: x' = x + ctx·W_outᵀ + b_out, ctx = MHA(qkv), qkv = n1·W_inᵀ + b_in, n1 = norm1(x)
    k.matmul(ws.dctx, 0, dx, 0, w.outW.data, 0, N, H, H, false); // dctx = dx'·W_out
    k.matmulAt(w.outW.grad, 0, dx, 0, a.ctx, 0, H, N, H, true, sums(w.outB.grad)); // dW_out = dx'ᵀ·ctx
    attentionBackward(k, ws.dims, ws.lengths, ws.dctx, a.n1, { w: w.inW, b: w.inB }, a.att, ws.scratch, ws.hN); // dW_in, db_in; dn1
    k.layerNormBackward(N, H, ws.hN, a.xhat1, a.rstd1, w.norm1W.data, w.norm1W.grad, w.norm1B.grad, dx, true); // dx = dx' + norm1ᵀ(dn1)
  }

  /** Batch row 0, per layer: its output residual stream, attention weights and ‖∂L/∂x⟨t⟩‖ of its input. */
  private probe(ws: TransformerWorkspace, gradNorms: number[][] | null): ProbeLayer[] {
    const { T } = ws;
    const { hiddenSize: H, heads } = this.cfg;
    return ws.layers.map((a, k) => {
      const y = ws.xs[k + 1];
      const h = Array.from({ length: T }, (_, t) => Array.from(y.subarray(t * H, (t + 1) * H)));
      const attention = Array.from({ length: heads }, (_, hd) =>
        Array.from({ length: T }, (_, t) => Array.from(a.att.p.subarray((hd * T + t) * T, (hd * T + t + 1) * T))),
      );
      return { h, attention, gradNorm: gradNorms ? gradNorms[k] : [] };
    });
  }
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** A weight gradient's companion: its bias gradient takes the column sums of dY. */
const sums = (dst: Arr): ColumnSums => ({ dst, dst2: null, oneHot: null });

/** out[t] = ‖d[t, :]‖ for batch row 0's T positions of d [N, H]. */
function rowNorms(d: Arr, T: number, H: number, out: number[]): void {
  for (let t = 0; t < T; t++) {
    let s = 0;
    for (let j = 0; j < H; j++) s += d[t * H + j] ** 2;
    out[t] = Math.sqrt(s);
  }
}

function checkTransformerConfig(cfg: TransformerConfig): void {
  const bad = (what: string) => {
    throw new Error(`model config: ${what}`);
  };
  if (cfg.cell !== 'transformer') bad(`not a transformer: cell '${cfg.cell}'`);
  if (!isCount(cfg.hiddenSize, 1)) bad(`hiddenSize must be a positive integer, got ${cfg.hiddenSize}`);
  if (!isCount(cfg.layers, 1)) bad(`layers must be a positive integer, got ${cfg.layers}`);
  if (!isCount(cfg.heads, 1)) bad(`heads must be a positive integer, got ${cfg.heads}`);
  else if (cfg.hiddenSize % cfg.heads !== 0) bad(`heads (${cfg.heads}) must divide hiddenSize (${cfg.hiddenSize})`);
  if (!isCount(cfg.ffn, 1)) bad(`ffn must be a positive integer, got ${cfg.ffn}`);
  if (!isCount(cfg.context, 1)) bad(`context must be a positive integer, got ${cfg.context}`);
  if (!isCount(cfg.outputSize, 1)) bad(`outputSize must be a positive integer, got ${cfg.outputSize}`);
  if (cfg.input.kind === 'tokens') {
    if (!isCount(cfg.input.vocabSize, 1)) bad(`vocabSize must be a positive integer, got ${cfg.input.vocabSize}`);
  } else if (cfg.input.kind === 'real') {
    if (!isCount(cfg.input.size, 1)) bad(`input size must be a positive integer, got ${cfg.input.size}`);
  } else bad(`unknown input kind`);
  if (cfg.at !== 'every' && cfg.at !== 'last') bad(`unknown head position '${cfg.at}'`);
  if (cfg.loss !== 'cross-entropy' && cfg.loss !== 'mse') bad(`unknown loss '${cfg.loss}'`);
  if (cfg.dtype !== 'float32' && cfg.dtype !== 'float64') bad(`unknown dtype '${cfg.dtype}'`);
}
