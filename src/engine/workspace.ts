// Every buffer one Model.step() needs for one (B, T) shape: allocated once from an Arena (the model's
// wasm heap, or plain arrays) and reused across calls. Activations, head outputs and loss targets
// are time-major (T, B, ·) so that one step's rows are contiguous; `outputs`, the copy the caller
// sees, is batch-first like Batch and is a plain array that stays valid after the workspace goes.
import type { Arena, Kernels } from './kernels';
import { type LayerBuffers, type LayerInput, type RecurrentLayer } from './recurrent-layer';
import type { ModelConfig } from './model-config';
import { zeros, type Arr } from './tensor';

export class Workspace {
  readonly k: Kernels; // the kernels for this workspace's arrays
  readonly valid: Uint8Array; // [T·B] time-major: 1 = real step, 0 = padding (filled per call)
  readonly use: Uint8Array; // scored rows of the head (at=every: [T·B] time-major, valid and mask)
  readonly tok: Int32Array | null; // [T·B] time-major token ids, −1 on padding
  readonly x0: Arr | null; // [T·B, in] layer 0's dense input: embedding rows or reals (0 on padding)
  readonly dx0: Arr | null; // [T·B, E] ∂L/∂(embedding rows)
  readonly layers: LayerBuffers[];
  readonly inputs: LayerInput[]; // what each layer reads: x0 / tokens, or the output of the layer below
  readonly last: Arr | null; // at=last: [B, H] top output at each row's last valid step
  readonly dLast: Arr | null;
  readonly logits: Arr; // head output, time-major [T·B, O] (at=every) or [B, O] (at=last)
  readonly dLogits: Arr;
  readonly targetIds: Int32Array | null; // cross-entropy targets in the order of logits
  readonly targetReals: Arr | null; // mse targets [rows, O] in the order of logits
  readonly outputs: Arr; // batch-first [B·T, O] or [B, O]: a plain array, not in the heap

  constructor(
    cfg: ModelConfig,
    layers: readonly RecurrentLayer[],
    readonly B: number,
    readonly T: number,
    readonly arena: Arena,
  ) {
    const { dtype, hiddenSize: H, outputSize: O, input } = cfg;
    const N = T * B;
    const every = cfg.at === 'every';
    const rows = every ? N : B;
    this.k = arena.k;
    this.valid = arena.u8(N);
    this.use = arena.u8(N);
    this.tok = input.kind === 'tokens' ? arena.i32(N) : null;
    const in0 = input.kind === 'real' ? input.size : input.embedding;
    this.x0 = in0 > 0 ? arena.f(N * in0) : null;
    this.dx0 = input.kind === 'tokens' && input.embedding > 0 ? arena.f(N * input.embedding) : null;
    this.layers = layers.map((l) => l.buffers(B, T, arena));
    this.inputs = layers.map((_, k): LayerInput => {
      if (k > 0) return { kind: 'dense', x: this.layers[k - 1].y, off: this.layers[k - 1].yOff };
      return this.x0 ? { kind: 'dense', x: this.x0, off: 0 } : { kind: 'one-hot', tok: this.tok! };
    });
    this.last = every ? null : arena.f(B * H);
    this.dLast = every ? null : arena.f(B * H);
    this.logits = arena.f(rows * O);
    this.dLogits = arena.f(rows * O);
    this.targetIds = cfg.loss === 'cross-entropy' ? arena.i32(rows) : null;
    this.targetReals = cfg.loss === 'mse' ? arena.f(rows * O) : null;
    this.outputs = zeros(dtype, rows * O);
  }

  /** Returns the arena's memory (the model drops this workspace). */
  release(): void {
    this.arena.release();
  }
}
