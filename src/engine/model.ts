// The model: optional embedding → stacked recurrent layers → linear head → loss (docs/model.md).
// step() runs one batch forward and (by default) backward, overwriting every p.grad with ∂loss/∂p.
//
// Shapes: B rows, T steps, H hidden, G gates, O outputs. Batch arrays are batch-first (b, t);
// activations inside are time-major (t, b) so one step's rows are contiguous (see workspace.ts).
import type { Batch } from './batch';
import type { ProbeLayer } from './probe';
import { initParams } from './init';
import { ArenaFull, Backend } from './kernels';
import { headBackward, headForward, headLoss, type HeadInput } from './head';
import type { LossValue } from './loss';
import { gatesOf, type InitKind, type ModelConfig, type RecurrentConfig } from './model-config';
import type { Param } from './param';
import { SHARED_NAMES, recurrentNames } from './param-names';
import { RecurrentLayer, type Window } from './recurrent-layer';
import type { Rng } from './rng';
import { resetTiming, type SequenceModel, type State, type StepOptions, type StepResult, type Timing } from './sequence-model';
import { zeros, type Arr } from './tensor';
import { threadStats } from './wasm/threads';
import { Workspace } from './workspace';

export type { State, StepOptions, StepResult, Timing } from './sequence-model';

const MAX_WORKSPACES = 4; // e.g. training, validation and probe shapes stay allocated

export class Model implements SequenceModel {
  readonly cfg: RecurrentConfig;
  readonly carriesState = true;
  readonly maxSteps = Infinity;
  readonly params: Param[]; // state_dict order (docs/model.md)
  readonly timing: Timing = { inputProjectionMs: 0, recurrenceMs: 0, headLossMs: 0, backwardMs: 0 };
  private readonly byName = new Map<string, Param>();
  private readonly embedding: Param | null;
  private readonly layers: RecurrentLayer[] = [];
  private readonly headW: Param; // [O, H]
  private readonly headB: Param; // [O]
  private readonly workspaces = new Map<string, Workspace>();
  /** Where the arrays live (a wasm heap for float32 where WebAssembly SIMD exists) and the kernels. */
  private readonly backend: Backend;

  constructor(cfg: RecurrentConfig) {
    checkConfig(cfg);
    this.cfg = { ...cfg, input: { ...cfg.input } };
    const { cell, hiddenSize: H, layers: L, residual, input, dtype } = this.cfg;
    // Parameters and their gradients live in the backend's memory (a wasm heap for float32), or in
    // plain arrays with the JS kernels for the whole model if they do not fit there.
    const shapes = recurrentParamShapes(this.cfg);
    const allocate = (backend: Backend): Param[] => {
      const arena = backend.arena();
      return shapes.map(([name, shape]) => ({ name, shape, data: arena.f(size(shape)), grad: arena.f(size(shape)) }));
    };
    let backend = Backend.create(dtype);
    try {
      this.params = allocate(backend);
    } catch (e) {
      if (!(e instanceof ArenaFull)) throw e;
      backend = Backend.js(dtype);
      this.params = allocate(backend);
    }
    this.backend = backend;
    for (const p of this.params) this.byName.set(p.name, p);
    const E = input.kind === 'tokens' ? input.embedding : 0;
    this.embedding = E > 0 ? this.param(SHARED_NAMES.embedding) : null;
    const timeResidual = residual === 'time' || residual === 'both';
    const layerResidual = residual === 'layers' || residual === 'both';
    for (let k = 0; k < L; k++) {
      const n = recurrentNames(k);
      const w = { wih: this.param(n.weightIh), whh: this.param(n.weightHh), bih: this.param(n.biasIh), bhh: this.param(n.biasHh) };
      const inSize = w.wih.shape[1];
      const keep = timeResidual ? (this.cfg.timeKeep ?? null) : null;
      this.layers.push(new RecurrentLayer(cell, this.cfg.activation === 'relu', H, inSize, timeResidual, layerResidual && k > 0, w, keep));
    }
    this.headW = this.param(SHARED_NAMES.headWeight);
    this.headB = this.param(SHARED_NAMES.headBias);
  }

  param(name: string): Param {
    const p = this.byName.get(name);
    if (!p) throw new Error(`the model has no parameter '${name}' (it has ${[...this.byName.keys()].join(', ')})`);
    return p;
  }

  zeroState(B: number): State {
    const { dtype, hiddenSize: H, layers: L, cell } = this.cfg;
    const h = Array.from({ length: L }, () => zeros(dtype, B * H));
    return cell === 'lstm' ? { h, c: Array.from({ length: L }, () => zeros(dtype, B * H)) } : { h };
  }

  resetTiming(): void {
    resetTiming(this.timing);
  }

  initialize(kind: InitKind, rng: Rng): void {
    initParams(this.params, this.cfg, kind, rng);
  }

  step(batch: Batch, opts: StepOptions = {}): StepResult {
    const backward = opts.backward ?? true;
    const cfg = this.cfg;
    const hasTargets = checkBatch(cfg, batch, backward);
    const { B, T } = batch;
    const H = cfg.hiddenSize;
    const ws = this.workspace(B, T);
    const win: Window = { B, T, valid: batch.lengths ? ws.valid : null };
    const L = this.layers.length;
    const timing = this.timing;

    // 1. Forward: inputs, then per layer the parallel projection and the sequential recurrence.
    let now = performance.now();
    const lap = (): number => {
      const then = now;
      now = performance.now();
      return now - then;
    };
    this.prepareInputs(ws, batch);
    this.setInitialState(ws, B, opts.initialState);
    for (let k = 0; k < L; k++) {
      this.layers[k].project(ws.layers[k], win, ws.inputs[k]);
      timing.inputProjectionMs += lap();
      this.layers[k].recur(ws.layers[k], win, ws.inputs[k]);
      timing.recurrenceMs += lap();
    }

    // 2. Head and loss.
    headForward(this.cfg, ws, this.headW, this.headB, batch, this.headInput(ws));
    const lv: LossValue = hasTargets ? headLoss(this.cfg, ws, batch, backward) : { loss: 0, scored: 0, correct: 0 };
    timing.headLossMs += lap();

    // 3. Backward: head, layers top-down, embedding.
    const gradNorms = opts.probe && backward ? this.layers.map(() => new Array<number>(T).fill(0)) : null;
    if (backward) {
      for (const p of this.params) this.backend.k.zero(p.grad, 0, p.grad.length);
      headBackward(this.cfg, ws, this.headW, this.headB, batch, this.headInput(ws));
      for (let k = L - 1; k >= 0; k--) {
        const dx = k > 0 ? ws.layers[k - 1].dy : ws.dx0; // ∂L/∂(input of layer k)
        this.layers[k].backward(ws.layers[k], win, ws.inputs[k], dx, null);
        if (gradNorms) this.inputGradNorms(ws, k, gradNorms[k]);
      }
      if (this.embedding) this.embeddingBackward(ws);
      timing.backwardMs += lap();
    }

    // 4. The result: a fresh copy of the final state, and the probe.
    const hsEnd = T * B * H;
    const finalState: State = { h: ws.layers.map((l) => l.hs.slice(hsEnd, hsEnd + B * H)) };
    if (cfg.cell === 'lstm') finalState.c = ws.layers.map((l) => l.cs!.slice(hsEnd, hsEnd + B * H));
    const result: StepResult = { loss: lv.loss, scored: lv.scored, outputs: ws.outputs, finalState };
    if (cfg.loss === 'cross-entropy') result.correct = lv.correct;
    if (opts.probe) result.probe = this.probe(ws, gradNorms);
    return result;
  }

  /** Which kernels run this model's float arrays: 'wasm' (WebAssembly SIMD) or 'js'. */
  get kernels(): 'js' | 'wasm' {
    return this.backend.k.kind;
  }

  /** How many threads its kernels may use: the caller and the helpers set up (wasm kernels only). */
  get threads(): number {
    return this.kernels === 'wasm' ? threadStats().helpers + 1 : 1;
  }

  private workspace(B: number, T: number): Workspace {
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
      ws = this.backend.build((arena) => new Workspace(this.cfg, this.layers, B, T, arena));
    }
    this.workspaces.set(key, ws);
    return ws;
  }

  /**
   * valid/use masks, layer 0's input and the loss targets, all in time-major order (token ids,
   * embedding rows or reals; 0 on padding).
   */
  private prepareInputs(ws: Workspace, batch: Batch): void {
    const { B, T, lengths, mask } = batch;
    const { valid, use, tok, x0 } = ws;
    for (let b = 0; b < B; b++) {
      const len = lengths ? lengths[b] : T;
      for (let t = 0; t < T; t++) {
        const v = t < len ? 1 : 0;
        valid[t * B + b] = v;
        use[t * B + b] = v && (!mask || mask[b * T + t]) ? 1 : 0;
      }
    }
    const O = this.cfg.outputSize;
    const every = this.cfg.at === 'every';
    if (batch.targetIds && ws.targetIds) {
      const src = batch.targetIds;
      const dst = ws.targetIds;
      if (!every || B === 1) dst.set(src);
      else for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) dst[t * B + b] = src[b * T + t];
    }
    if (batch.targetReals && ws.targetReals) {
      const src = batch.targetReals;
      const dst = ws.targetReals;
      if (!every || B === 1) dst.set(src);
      else {
        for (let b = 0; b < B; b++) {
          for (let t = 0; t < T; t++) {
            const d = (t * B + b) * O;
            const s = (b * T + t) * O;
            for (let o = 0; o < O; o++) dst[d + o] = src[s + o];
          }
        }
      }
    }
    const input = this.cfg.input;
    if (input.kind === 'tokens') {
      const V = input.vocabSize;
      const tokens = batch.tokens!;
      for (let b = 0; b < B; b++) {
        for (let t = 0; t < T; t++) {
          const id = tokens[b * T + t];
          if (!valid[t * B + b]) {
            tok![t * B + b] = -1;
            continue;
          }
          if (!(id >= 0 && id < V)) {
            throw new Error(`batch: token id ${id} at row ${b}, step ${t} is out of range: the vocabulary has ${V} tokens`);
          }
          tok![t * B + b] = id;
        }
      }
      if (this.embedding) {
        const E = input.embedding;
        const emb = this.embedding.data;
        for (let n = 0; n < T * B; n++) {
          const id = tok![n];
          if (id < 0) ws.k.zero(x0!, n * E, E);
          else for (let e = 0; e < E; e++) x0![n * E + e] = emb[id * E + e];
        }
      }
    } else {
      const I = input.size;
      const reals = batch.reals!;
      for (let b = 0; b < B; b++) {
        for (let t = 0; t < T; t++) {
          const dst = (t * B + b) * I;
          const src = (b * T + t) * I;
          const v = valid[t * B + b];
          for (let i = 0; i < I; i++) x0![dst + i] = v ? reals[src + i] : 0;
        }
      }
    }
  }

  private setInitialState(ws: Workspace, B: number, init: State | undefined): void {
    const { hiddenSize: H, layers: L, cell } = this.cfg;
    if (init) {
      const n = B * H;
      if (init.h.length !== L || init.h.some((h) => h.length !== n)) {
        throw new Error(`initialState: expected ${L} layer(s) of h with ${B}×${H} values each (was it made for another batch size?)`);
      }
      if (cell === 'lstm' && (!init.c || init.c.length !== L || init.c.some((c) => c.length !== n))) {
        throw new Error(`initialState: an LSTM needs c for each of its ${L} layer(s), ${B}×${H} values each`);
      }
    }
    for (let k = 0; k < L; k++) {
      const l = ws.layers[k];
      if (init) l.hs.set(init.h[k], 0);
      else ws.k.zero(l.hs, 0, B * H);
      if (l.cs) {
        if (init) l.cs.set(init.c![k], 0);
        else ws.k.zero(l.cs, 0, B * H);
      }
    }
  }

  /** The top layer's output, time-major, as the head reads it; ∂L/∂y goes to its dy. */
  private headInput(ws: Workspace): HeadInput {
    const top = ws.layers[ws.layers.length - 1];
    return { x: top.y, xOff: top.yOff, dx: top.dy, timeMajor: true };
  }

  /** Embedding rows were gathered by token id: their gradients scatter back the same way. */
  private embeddingBackward(ws: Workspace): void {
    const E = this.embedding!.shape[1];
    const g = this.embedding!.grad;
    const tok = ws.tok!;
    const dx0 = ws.dx0!;
    for (let n = 0; n < tok.length; n++) {
      if (tok[n] < 0) continue;
      for (let e = 0; e < E; e++) g[tok[n] * E + e] += dx0[n * E + e];
    }
  }

  /**
   * The gradient through time of layer k, batch row 0: ‖∂L/∂x⟨t⟩‖ for the input x⟨t⟩ that layer k
   * reads at step t (docs/events.md: the one definition for every family). Above layer 0 that is the
   * lower layer's output gradient; at layer 0 the embedding rows' gradient, or for one-hot and real
   * inputs W_ihᵀ·da⟨t⟩, computed here for the probe only.
   */
  private inputGradNorms(ws: Workspace, k: number, out: number[]): void {
    const { B, T } = ws;
    const rowNorm = (a: Arr, off: number, n: number): number => {
      let s = 0;
      for (let i = 0; i < n; i++) s += a[off + i] * a[off + i];
      return Math.sqrt(s);
    };
    if (k > 0 || ws.dx0) {
      const src = k > 0 ? ws.layers[k - 1].dy : ws.dx0!;
      const n = src.length / (T * B);
      for (let t = 0; t < T; t++) out[t] = rowNorm(src, t * B * n, n);
      return;
    }
    const w = this.layers[0].w.wih; // [G·H, in]
    const [GH, inSize] = w.shape;
    const da = ws.layers[0].da; // [T, B, G·H]
    const v = new Float64Array(inSize);
    for (let t = 0; t < T; t++) {
      v.fill(0);
      const d = t * B * GH;
      for (let g = 0; g < GH; g++) {
        const dg = da[d + g];
        if (dg === 0) continue;
        const row = g * inSize;
        for (let i = 0; i < inSize; i++) v[i] += dg * w.data[row + i];
      }
      out[t] = rowNorm(v, 0, inSize);
    }
  }

  /** Batch row 0, per layer: h⟨t⟩, LSTM c⟨t⟩ and gates i, f, o, GRU gates r, z, and ‖∂L/∂x⟨t⟩‖. */
  private probe(ws: Workspace, gradNorms: number[][] | null): ProbeLayer[] {
    const { B, T } = ws;
    const H = this.cfg.hiddenSize;
    const GH = gatesOf(this.cfg.cell) * H;
    const rows = (a: Arr, off: (t: number) => number): number[][] => Array.from({ length: T }, (_, t) => Array.from(a.subarray(off(t), off(t) + H)));
    return ws.layers.map((l, k) => {
      const p: ProbeLayer = { h: rows(l.hs, (t) => (t + 1) * B * H), gradNorm: gradNorms ? gradNorms[k] : [] };
      const gate = (g: number) => rows(l.a, (t) => t * B * GH + g * H);
      if (this.cfg.cell === 'lstm') {
        p.c = rows(l.cs!, (t) => (t + 1) * B * H);
        p.gates = { i: gate(0), f: gate(1), o: gate(3) };
      } else if (this.cfg.cell === 'gru') {
        p.gates = { r: gate(0), z: gate(1) };
      }
      return p;
    });
  }
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Every parameter's name and shape, in state_dict order (docs/model.md): Model.params. */
export function recurrentParamShapes(cfg: RecurrentConfig): [string, number[]][] {
  const { cell, hiddenSize: H, layers: L, input, outputSize: O } = cfg;
  const GH = gatesOf(cell) * H;
  const out: [string, number[]][] = [];
  const E = input.kind === 'tokens' ? input.embedding : 0;
  if (input.kind === 'tokens' && E > 0) out.push([SHARED_NAMES.embedding, [input.vocabSize, E]]);
  const in0 = input.kind === 'real' ? input.size : E > 0 ? E : input.vocabSize;
  for (let k = 0; k < L; k++) {
    const inSize = k === 0 ? in0 : H;
    const n = recurrentNames(k);
    out.push([n.weightIh, [GH, inSize]], [n.weightHh, [GH, H]], [n.biasIh, [GH]], [n.biasHh, [GH]]);
  }
  out.push([SHARED_NAMES.headWeight, [O, H]], [SHARED_NAMES.headBias, [O]]);
  return out;
}

export const isCount = (n: unknown, min: number): boolean => typeof n === 'number' && Number.isInteger(n) && n >= min;

function checkConfig(cfg: RecurrentConfig): void {
  const bad = (what: string) => {
    throw new Error(`model config: ${what}`);
  };
  if (!['rnn', 'lstm', 'gru'].includes(cfg.cell)) bad(`unknown cell '${cfg.cell}'`);
  if (cfg.cell === 'rnn' && !['tanh', 'relu'].includes(cfg.activation)) bad(`unknown activation '${cfg.activation}'`);
  if (!['none', 'layers', 'time', 'both'].includes(cfg.residual)) bad(`unknown residual '${cfg.residual}'`);
  if (cfg.timeKeep !== undefined && !(cfg.timeKeep > 0 && cfg.timeKeep < 1)) bad(`timeKeep must be in (0, 1), got ${cfg.timeKeep}`);
  if (!isCount(cfg.hiddenSize, 1)) bad(`hiddenSize must be a positive integer, got ${cfg.hiddenSize}`);
  if (!isCount(cfg.layers, 1)) bad(`layers must be a positive integer, got ${cfg.layers}`);
  if (!isCount(cfg.outputSize, 1)) bad(`outputSize must be a positive integer, got ${cfg.outputSize}`);
  if (cfg.input.kind === 'tokens') {
    if (!isCount(cfg.input.vocabSize, 1)) bad(`vocabSize must be a positive integer, got ${cfg.input.vocabSize}`);
    if (!isCount(cfg.input.embedding, 0)) bad(`embedding must be 0 (one-hot) or a positive integer, got ${cfg.input.embedding}`);
  } else if (!isCount(cfg.input.size, 1)) bad(`input size must be a positive integer, got ${cfg.input.size}`);
  if (cfg.at !== 'every' && cfg.at !== 'last') bad(`unknown head position '${cfg.at}'`);
  if (cfg.loss !== 'cross-entropy' && cfg.loss !== 'mse') bad(`unknown loss '${cfg.loss}'`);
  if (cfg.dtype !== 'float32' && cfg.dtype !== 'float64') bad(`unknown dtype '${cfg.dtype}'`);
}

/** Throws a clear Error on a batch that does not fit the model; returns whether it has targets. */
export function checkBatch(cfg: ModelConfig, batch: Batch, backward: boolean): boolean {
  const bad = (what: string) => {
    throw new Error(`batch: ${what}`);
  };
  const { B, T } = batch;
  if (!isCount(B, 1) || !isCount(T, 1)) bad(`B and T must be positive integers, got B=${B}, T=${T}`);
  const O = cfg.outputSize;
  const every = cfg.at === 'every';
  if (cfg.input.kind === 'tokens') {
    if (!batch.tokens) bad('the model reads tokens but the batch has none');
    else if (batch.tokens.length !== B * T) bad(`tokens has ${batch.tokens.length} ids, expected B·T = ${B * T}`);
  } else {
    const I = cfg.input.size;
    if (!batch.reals) bad(`the model reads ${I} real value(s) per step but the batch has no reals`);
    else if (batch.reals.length !== B * T * I) bad(`reals has ${batch.reals.length} values, expected B·T·I = ${B * T * I}`);
  }
  if (batch.lengths) {
    if (batch.lengths.length !== B) bad(`lengths has ${batch.lengths.length} entries, expected B = ${B}`);
    const min = every ? 0 : 1;
    for (let b = 0; b < B; b++) {
      const len = batch.lengths[b];
      if (!(len >= min && len <= T)) bad(`lengths[${b}] = ${len} is outside [${min}, ${T}]`);
    }
  }
  if (batch.mask && batch.mask.length !== B * T) bad(`mask has ${batch.mask.length} entries, expected B·T = ${B * T}`);
  const rows = every ? B * T : B;
  if (cfg.loss === 'cross-entropy') {
    if (!batch.targetIds) {
      if (backward) bad('cross-entropy needs targetIds');
      return false;
    }
    if (batch.targetIds.length !== rows) bad(`targetIds has ${batch.targetIds.length} ids, expected ${every ? 'B·T' : 'B'} = ${rows}`);
  } else {
    if (!batch.targetReals) {
      if (backward) bad('mse needs targetReals');
      return false;
    }
    if (batch.targetReals.length !== rows * O) {
      bad(`targetReals has ${batch.targetReals.length} values, expected ${every ? 'B·T·O' : 'B·O'} = ${rows * O}`);
    }
  }
  return true;
}
