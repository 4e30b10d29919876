// Every buffer one TransformerModel.step() needs for one (B, T) shape, allocated once from an Arena
// (the model's wasm heap, or plain arrays) and reused across calls. Rows are batch-first like Batch:
// row n = b·T + t, so a row's positions are contiguous for attention and the outputs need no reorder.
import type { Arena, Kernels } from '../kernels';
import type { TransformerConfig } from '../model-config';
import { zeros, type Arr } from '../tensor';
import { AttentionBuffers, AttentionScratch, type AttentionDims } from './attention';

/** What one encoder layer keeps from forward for backward. */
export class LayerActivations {
  readonly n1: Arr; // [N, H] norm1(x): the attention's input
  readonly xhat1: Arr; // [N, H] norm1's x̂
  readonly rstd1: Arr; // [N]
  readonly att: AttentionBuffers; // QKV (n1·W_inᵀ + b_in) [N, 3H], P
  readonly ctx: Arr; // [N, H] the heads' contexts: out_proj's input
  readonly n2: Arr; // [N, H] norm2(x + attention): linear1's input
  readonly xhat2: Arr; // [N, H]
  readonly rstd2: Arr; // [N]
  readonly g: Arr; // [N, F] gelu(linear1(n2)): linear2's input
  readonly dg: Arr; // [N, F] gelu' at linear1's output

  constructor(N: number, H: number, F: number, d: AttentionDims, arena: Arena) {
    const f = (n: number) => arena.f(n);
    this.n1 = f(N * H);
    this.xhat1 = f(N * H);
    this.rstd1 = f(N);
    this.att = new AttentionBuffers(d, arena);
    this.ctx = f(N * H);
    this.n2 = f(N * H);
    this.xhat2 = f(N * H);
    this.rstd2 = f(N);
    this.g = f(N * F);
    this.dg = f(N * F);
  }
}

export class TransformerWorkspace {
  readonly k: Kernels;
  readonly dims: AttentionDims;
  readonly valid: Uint8Array; // [N] 1 = real position, 0 = padding
  readonly use: Uint8Array; // [N] scored rows of the head at=every (valid and mask)
  readonly lengths: Int32Array; // [B] valid positions per row (T without padding)
  readonly tok: Int32Array | null; // [N] token ids, −1 on padding
  readonly xin: Arr | null; // [N, I] real inputs, 0 on padding
  readonly xs: Arr[]; // L + 1 residual streams [N, H]: xs[0] = input + positions, xs[k + 1] = layer k's output
  readonly layers: LayerActivations[];
  readonly xhatF: Arr; // [N, H] the final norm's x̂
  readonly rstdF: Arr; // [N]
  readonly feats: Arr; // [N, H] encoder.norm(xs[L]): what the head reads
  readonly last: Arr | null; // at=last: [B, H] features at each row's last valid position
  readonly dLast: Arr | null;
  readonly logits: Arr; // [B·T, O] (at=every) or [B, O] (at=last)
  readonly dLogits: Arr;
  readonly targetIds: Int32Array | null;
  readonly targetReals: Arr | null;
  readonly outputs: Arr; // a plain array (not in the heap): what step() returns
  // shared scratch, forward and backward
  readonly dx: Arr; // [N, H] ∂L/∂(the residual stream) at the layer being processed
  readonly hN: Arr; // [N, H] a norm's input gradient, or the feed-forward's output
  readonly dctx: Arr; // [N, H]
  readonly dhid: Arr; // [N, F]
  readonly scratch: AttentionScratch; // dQKV

  constructor(
    cfg: TransformerConfig,
    readonly B: number,
    readonly T: number,
    readonly arena: Arena,
  ) {
    const { hiddenSize: H, ffn: F, layers: L, heads, outputSize: O, input, dtype } = cfg;
    const N = B * T;
    const f = (n: number) => arena.f(n);
    const every = cfg.at === 'every';
    const rows = every ? N : B;
    this.k = arena.k;
    this.dims = { B, T, heads, D: H / heads };
    this.valid = arena.u8(N);
    this.use = arena.u8(N);
    this.lengths = arena.i32(B);
    this.tok = input.kind === 'tokens' ? arena.i32(N) : null;
    this.xin = input.kind === 'real' ? f(N * input.size) : null;
    this.xs = Array.from({ length: L + 1 }, () => f(N * H));
    this.layers = Array.from({ length: L }, () => new LayerActivations(N, H, F, this.dims, arena));
    this.xhatF = f(N * H);
    this.rstdF = f(N);
    this.feats = f(N * H);
    this.last = every ? null : f(B * H);
    this.dLast = every ? null : f(B * H);
    this.logits = f(rows * O);
    this.dLogits = f(rows * O);
    this.targetIds = cfg.loss === 'cross-entropy' ? arena.i32(rows) : null;
    this.targetReals = cfg.loss === 'mse' ? f(rows * O) : null;
    this.outputs = zeros(dtype, rows * O);
    this.dx = f(N * H);
    this.hN = f(N * H);
    this.dctx = f(N * H);
    this.dhid = f(N * F);
    this.scratch = new AttentionScratch(this.dims, arena);
  }

  release(): void {
    this.arena.release();
  }
}
