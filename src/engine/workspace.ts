// Every buffer one Model.step() needs for one (B, T) shape: allocated once, reused across calls.
// Activations are time-major (T, B, ·); the head outputs the caller sees are batch-first like Batch.
import { type LayerBuffers, type LayerInput, type RecurrentLayer } from './recurrent-layer';
import type { ModelConfig } from './model-config';
import { zeros, type Arr } from './tensor';

export class Workspace {
  readonly valid: Uint8Array; // [T·B] time-major: 1 = real step, 0 = padding (filled per call)
  readonly use: Uint8Array; // batch-first [B·T] (at=every): 1 = the output row may be scored (valid, mask)
  readonly tok: Int32Array | null; // [T·B] time-major token ids, −1 on padding
  readonly x0: Arr | null; // [T·B, in] layer 0's dense input: embedding rows or reals (0 on padding)
  readonly dx0: Arr | null; // [T·B, E] ∂L/∂(embedding rows)
  readonly layers: LayerBuffers[];
  readonly inputs: LayerInput[]; // what each layer reads: x0 / tokens, or the output of the layer below
  readonly last: Arr | null; // at=last: [B, H] top output at each row's last valid step
  readonly dLast: Arr | null;
  readonly logits: Arr; // head output, time-major [T·B, O] (at=every) or [B, O] (at=last)
  readonly dLogits: Arr;
  readonly outputs: Arr; // batch-first [B·T, O] or [B, O] (at=last: the same array as logits)
  readonly dOutputs: Arr;

  constructor(cfg: ModelConfig, layers: readonly RecurrentLayer[], readonly B: number, readonly T: number) {
    const { dtype, hiddenSize: H, outputSize: O, input } = cfg;
    const N = T * B;
    this.valid = new Uint8Array(N);
    this.use = new Uint8Array(N);
    this.tok = input.kind === 'tokens' ? new Int32Array(N) : null;
    const in0 = input.kind === 'real' ? input.size : input.embedding;
    this.x0 = in0 > 0 ? zeros(dtype, N * in0) : null;
    this.dx0 = input.kind === 'tokens' && input.embedding > 0 ? zeros(dtype, N * input.embedding) : null;
    this.layers = layers.map((l) => l.buffers(B, T, dtype));
    this.inputs = layers.map((_, k): LayerInput => {
      if (k > 0) return { kind: 'dense', x: this.layers[k - 1].y, off: this.layers[k - 1].yOff };
      return this.x0 ? { kind: 'dense', x: this.x0, off: 0 } : { kind: 'one-hot', tok: this.tok! };
    });
    const every = cfg.at === 'every';
    this.last = every ? null : zeros(dtype, B * H);
    this.dLast = every ? null : zeros(dtype, B * H);
    this.outputs = zeros(dtype, (every ? N : B) * O);
    this.dOutputs = zeros(dtype, (every ? N : B) * O);
    this.logits = every ? zeros(dtype, N * O) : this.outputs;
    this.dLogits = every ? zeros(dtype, N * O) : this.dOutputs;
  }
}
