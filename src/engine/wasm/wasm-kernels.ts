// The Kernels interface (../kernels.ts) on the WebAssembly SIMD module: each method turns its
// (array, offset) pairs into byte addresses in the heap and calls the export of the same meaning.
// Every float array passed in must be a float32 view into this heap (a heap Arena's arrays, or a
// model's parameters), and so must token ids and masks.
import type { ColumnSums, Kernels, SequenceArgs } from '../kernels';
import { timeToBatch } from '../matmul';
import type { LossValue } from '../loss';
import type { Arr } from '../tensor';
import { heapOf, moduleOf, type Heap, type KernelExports } from './heap';
import { crossEntropy, meanSquaredError, scoredRows } from '../loss';
import { adamUpdate, allFiniteValues, sumOfSquares, type AdamStep, type AdamTensor } from '../grad-ops';
import { attentionCore, attentionCoreBackward, type AttentionDims } from '../transformer/attention';
import { geluBackward, geluForward } from '../transformer/gelu';
import { layerNormBackward, layerNormForward } from '../transformer/layer-norm';
import { teamFor, type Team } from './threads';
import type { ThreadOp } from './kernel-exports.generated';

/**
 * Work (multiply-adds, or cell elements ×64) below which a call is not worth splitting across
 * threads: about 0.1 ms on one thread, well above the cost of waking a helper.
 */
const PAR_MIN = 1 << 19;

/** Rows of A from which matmulBt packs W (N·K copies) to run 4×8 tiles: the copy is then ≤ 1/16 of the work. */
const PACKED_MIN_ROWS = 16;

/** Work counted for an element of a pass over memory (a copy or a sum), against PAR_MIN. */
const SHARE_COPY = 4;

/** Work counted for an element of Adam (a square root and two divisions, seven arrays' worth of memory traffic). */
const SHARE_ADAM = 64;

const CELL_IDS = { rnn: 0, lstm: 1, gru: 2 } as const;

const byHeap = new WeakMap<Heap, WasmKernels>();

/** Byte address of element `off` of a heap view. */
const at = (a: ArrayBufferView, off = 0): number => a.byteOffset + 4 * off;

export class WasmKernels implements Kernels {
  readonly kind = 'wasm';
  private readonly x: KernelExports;
  private scratch: Float32Array | null = null;
  private rowsBuf: Float32Array | null = null;
  private adamTable: Int32Array | null = null; // adam's table of tensors (5 int32 each)
  private panels: Float32Array | null = null;
  private readonly pack: number; // address of this thread's packing buffer for the products (PACK_BYTES)
  private team: Team | null = null; // helpers for this heap, once there are any
  private readonly hyperAt: number; // 8 float64 values for kernels that take them (hyper)

  /** The kernel set of a heap (one per heap: it holds the heap's packing buffers and thread team). */
  static of(heap: Heap): WasmKernels {
    let k = byHeap.get(heap);
    if (!k) byHeap.set(heap, (k = new WasmKernels(heap)));
    return k;
  }

  private constructor(readonly heap: Heap) {
    this.x = heap.k;
    const pack = heap.f32((this.x.PACK_BYTES.value as number) / 4);
    if (!pack) throw new Error('the wasm heap is full');
    const hyper = heap.f32(16);
    if (!hyper) throw new Error('the wasm heap is full');
    this.hyperAt = hyper.byteOffset;
    this.pack = pack.byteOffset;
  }

  // Whole windows: each thread runs the time loop for its own rows of the batch, in pairs (a row
  // gets the same bits in a 2-row strip as in a 4-row one), or in fours for an odd batch, whose
  // last row goes alone as on one thread.

  forwardSequence(s: SequenceArgs): void {
    const { T, B, H } = s;
    const cell = CELL_IDS[s.cell];
    this.split(T * B * H * H * 4, B >= 8, B, B % 2 ? 4 : 2, 'seq_forward', (b0, Bp, slot) => [
      cell,
      s.relu ? 1 : 0,
      s.timeResidual ? 1 : 0,
      T,
      B,
      b0,
      Bp,
      H,
      at(s.a),
      s.gh ? at(s.gh) : 0,
      at(s.bhh),
      at(s.whh),
      at(s.whhX),
      at(s.hs),
      s.cs ? at(s.cs) : 0,
      s.tc ? at(s.tc) : 0,
      s.wide ? 1 : 0,
      this.packFor(slot),
    ]);
  }

  backwardSequence(s: SequenceArgs): void {
    const { T, B, H } = s;
    const cell = CELL_IDS[s.cell];
    this.split(T * B * H * H * 4, B >= 8, B, B % 2 ? 4 : 2, 'seq_backward', (b0, Bp, slot) => [
      cell,
      s.relu ? 1 : 0,
      s.timeResidual ? 1 : 0,
      T,
      B,
      b0,
      Bp,
      H,
      at(s.a),
      s.gh ? at(s.gh) : 0,
      at(s.whh),
      at(s.whhX),
      at(s.hs),
      s.cs ? at(s.cs) : 0,
      s.tc ? at(s.tc) : 0,
      at(s.dy),
      at(s.da),
      at(s.dgh),
      at(s.dh, b0 * H),
      at(s.carry, b0 * H),
      s.dcA ? at(s.dcA, b0 * H) : 0,
      s.dcB ? at(s.dcB, b0 * H) : 0,
      s.wide ? 1 : 0,
      this.packFor(slot),
    ]);
  }

  // Products split by columns of C (A·B, A·Bᵀ) or by rows (Aᵀ·B, whose M is the large side). Each
  // thread packs the blocks of A it needs into its own buffer (slot −1: this thread's).

  matmul(C: Arr, cOff: number, A: Arr, aOff: number, B: Arr, bOff: number, M: number, K: number, N: number, acc: boolean): void {
    const c = at(C, cOff),
      a = at(A, aOff),
      b = at(B, bOff),
      ac = acc ? 1 : 0;
    this.split(M * K * N, N >= 16, N, 8, 'gemm_nn', (j0, n, slot) => [c + 4 * j0, N, a, K, 1, b + 4 * j0, N, M, K, n, ac, this.packFor(slot), 0, 0, 0, 0]);
  }

  /**
   * With N a multiple of 8 and enough rows to pay for it (a Linear layer over many positions), W is
   * packed into 8-row panels and the product runs as 4×8 tiles (gemm_wp), shared by panels. Else the
   * dot form: shared by columns, or by pairs of rows when there are many more rows than columns (the
   * char head's 65 logits).
   */
  matmulBt(C: Arr, cOff: number, A: Arr, aOff: number, B: Arr, bOff: number, M: number, K: number, N: number, acc: boolean): void {
    const c = at(C, cOff),
      a = at(A, aOff),
      w = at(B, bOff),
      ac = acc ? 1 : 0;
    const panels = N % 8 === 0 && N >= 16 && M >= PACKED_MIN_ROWS ? this.panelsOf(N * K) : null;
    if (panels) {
      const wp = at(panels);
      this.split(M * K * N, true, N, 8, 'gemm_wp', (j0, n, slot) => [c + 4 * j0, N, a, K, w + 4 * j0 * K, wp + 4 * j0 * K, M, K, n, ac, this.packFor(slot)]);
      return;
    }
    if (M >= 4 * N) this.split(M * K * N, M >= 16, M, 2, 'gemm_nt', (i0, m) => [c + 4 * i0 * N, N, a + 4 * i0 * K, K, w, K, m, K, N, ac]);
    else this.split(M * K * N, N >= 16, N, 8, 'gemm_nt', (j0, n) => [c + 4 * j0, N, a, K, w + 4 * j0 * K, K, M, K, n, ac]);
  }

  packedSize(N: number, K: number): number {
    return Math.ceil(N / 8) * 8 * K;
  }

  packW(Wp: Arr, W: Arr, N: number, K: number): void {
    this.x.pack_w(at(Wp), at(W), N, K);
  }

  matmulPacked(C: Arr, cOff: number, A: Arr, aOff: number, Wp: Arr, M: number, K: number, N: number, acc: boolean): void {
    if (N % 8 !== 0) throw new Error(`matmulPacked: N = ${N} is not a multiple of 8`);
    const c = at(C, cOff),
      a = at(A, aOff),
      w = at(Wp),
      ac = acc ? 1 : 0;
    this.split(M * K * N, N >= 16, N, 8, 'gemm_np', (j0, n, slot) => [c + 4 * j0, N, a, K, w + 4 * j0 * K, M, K, n, ac, this.packFor(slot)]);
  }

  /** With sums, packing A also takes its column sums (gemm_nn's s1, s2, gT; G from gT at the end). */
  matmulAt(C: Arr, cOff: number, A: Arr, aOff: number, B: Arr, bOff: number, M: number, K: number, N: number, acc: boolean, sums?: ColumnSums): void {
    const c = at(C, cOff),
      a = at(A, aOff),
      b = at(B, bOff),
      ac = acc ? 1 : 0;
    const s1 = sums ? at(sums.dst) : 0,
      s2 = sums?.dst2 ? at(sums.dst2) : 0;
    const oneHot = sums?.oneHot ?? null;
    const gT = oneHot ? this.scratchOf(M * oneHot.V) : null;
    if (gT) this.x.zero(at(gT), M * oneHot!.V);
    const g = gT ? at(gT) : 0,
      tok = oneHot ? oneHot.tok.byteOffset : 0;
    this.split(M * K * N, M >= 16, M, 4, 'gemm_nn', (i0, m, slot) => [
      c + 4 * i0 * N,
      N,
      a + 4 * i0,
      1,
      M,
      b,
      N,
      m,
      K,
      N,
      ac,
      this.packFor(slot),
      s1 && s1 + 4 * i0,
      s2 && s2 + 4 * i0,
      g && g + 4 * i0,
      tok,
    ]);
    if (oneHot) this.x.add_transposed(at(oneHot.G), g, M, oneHot.V);
  }

  /**
   * Runs `op` over n rows or columns, `args(from, count, slot)` giving the export's arguments for a
   * part: on this thread alone, or shared with ready helpers in parts of `unit` (in proportion to how
   * fast each thread has been lately) when the work (multiply-adds) makes that worthwhile.
   */
  private split<O extends ThreadOp>(
    work: number,
    splittable: boolean,
    n: number,
    unit: number,
    op: O,
    args: (from: number, count: number, slot: number) => Parameters<KernelExports[O]>,
  ): void {
    const fn = this.x[op] as (...a: Parameters<KernelExports[O]>) => void;
    const team = work >= PAR_MIN && splittable ? this.claim() : null;
    if (!team) return fn(...args(0, n, -1));
    const { t, slots } = team;
    const cut = t.cuts(slots, n, unit);
    const t0 = performance.now();
    slots.forEach((slot, p) => {
      if (cut[p + 2] > cut[p + 1]) t.post(slot, op, args(cut[p + 1], cut[p + 2] - cut[p + 1], slot));
    });
    fn(...args(0, cut[1], -1));
    const t1 = performance.now();
    t.finish(slots);
    t.observe(slots, cut, t0, t1, performance.now());
  }

  private packFor(slot: number): number {
    return slot < 0 || !this.team ? this.pack : this.team.pack[slot];
  }

  fillRows(C: Arr, cOff: number, M: number, N: number, bias1: Arr, bias2: Arr | null): void {
    this.x.fill_rows(at(C, cOff), M, N, at(bias1), bias2 ? at(bias2) : 0);
  }

  zero(a: Arr, off: number, n: number): void {
    this.x.zero(at(a, off), n);
  }

  transpose(dst: Arr, src: Arr, R: number, C: number): void {
    this.x.transpose(at(dst), at(src), R, C);
  }

  /** dst may be a plain array (a model's outputs are, so that posting them copies): then via scratch. */
  timeToBatch(dst: Arr, src: Arr, T: number, B: number, W: number): void {
    if (!this.mine(src)) return timeToBatch(dst, src, T, B, W);
    if (this.mine(dst)) return this.x.time_to_batch(at(dst), at(src), T, B, W);
    const n = T * B * W;
    const tmp = this.scratchOf(n);
    this.x.time_to_batch(at(tmp), at(src), T, B, W);
    dst.set(tmp.subarray(0, n));
  }

  add(dst: Arr, dOff: number, x: Arr, xOff: number, y: Arr, yOff: number, n: number): void {
    this.x.add(at(dst, dOff), at(x, xOff), at(y, yOff), n);
  }

  /** W[R,V] is transposed once into scratch, so that each row's gather is a contiguous vector add. */
  oneHotProject(a: Arr, tok: Int32Array, N: number, W: Arr, R: number, V: number, bias1: Arr, bias2: Arr | null): void {
    const wT = this.scratchOf(R * V);
    this.x.transpose(at(wT), at(W), R, V);
    const ap = at(a),
      t = tok.byteOffset,
      w = at(wT),
      b1 = at(bias1),
      b2 = bias2 ? at(bias2) : 0;
    this.split(SHARE_COPY * N * R, N >= 2, N, 1, 'project_one_hot', (n0, count) => [ap, t, n0, count, w, R, b1, b2]);
  }

  /**
   * Rows of d scatter into a transposed accumulator in the pass that sums them (sum_rows, shared by
   * columns: a pass over memory, a few multiply-adds' worth an element), added to G[R,V] at the end.
   */
  oneHotGrad(G: Arr, tok: Int32Array, N: number, d: Arr, R: number, V: number, dBias: Arr, dBias2: Arr | null): void {
    const gT = at(this.scratchOf(R * V));
    this.x.zero(gT, R * V);
    const a = at(d),
      d1 = at(dBias),
      d2 = dBias2 ? at(dBias2) : 0,
      t = tok.byteOffset;
    this.split(SHARE_COPY * N * R, R >= 64, R, 16, 'sum_rows', (j0, w) => [d1, d2, a, N, R, j0, w, gT, t]);
    this.x.add_transposed(at(G), gT, R, V);
  }

  // Cells split by batch rows (rnn: by elements), with the same threshold in elements ×64.

  rnnForward(n: number, relu: boolean, a: Arr, aOff: number, h: Arr, hOff: number): void {
    this.rows(n, 1, 'rnn_forward', (r0, r) => [r, relu ? 1 : 0, at(a, aOff + r0), at(h, hOff + r0)]);
  }

  rnnBackward(n: number, relu: boolean, a: Arr, aOff: number, dh: Arr, dhOff: number, da: Arr, daOff: number): void {
    this.rows(n, 1, 'rnn_backward', (r0, r) => [r, relu ? 1 : 0, at(a, aOff + r0), at(dh, dhOff + r0), at(da, daOff + r0)]);
  }

  lstmForward(
    B: number,
    H: number,
    a: Arr,
    aOff: number,
    cPrev: Arr,
    cPrevOff: number,
    c: Arr,
    cOff: number,
    tc: Arr,
    tcOff: number,
    h: Arr,
    hOff: number,
  ): void {
    this.rows(B, H, 'lstm_forward', (b0, b) => {
      const o = b0 * H;
      return [b, H, at(a, aOff + 4 * o), at(cPrev, cPrevOff + o), at(c, cOff + o), at(tc, tcOff + o), at(h, hOff + o)];
    });
  }

  lstmBackward(
    B: number,
    H: number,
    a: Arr,
    aOff: number,
    cPrev: Arr,
    cPrevOff: number,
    tc: Arr,
    tcOff: number,
    dh: Arr,
    dcNext: Arr,
    da: Arr,
    daOff: number,
    dcPrev: Arr,
  ): void {
    this.rows(B, H, 'lstm_backward', (b0, b) => {
      const o = b0 * H;
      return [b, H, at(a, aOff + 4 * o), at(cPrev, cPrevOff + o), at(tc, tcOff + o), at(dh, o), at(dcNext, o), at(da, daOff + 4 * o), at(dcPrev, o)];
    });
  }

  gruForward(B: number, H: number, a: Arr, aOff: number, gh: Arr, ghOff: number, hPrev: Arr, hPrevOff: number, h: Arr, hOff: number): void {
    this.rows(B, H, 'gru_forward', (b0, b) => {
      const o = b0 * H;
      return [b, H, at(a, aOff + 3 * o), at(gh, ghOff + 3 * o), at(hPrev, hPrevOff + o), at(h, hOff + o)];
    });
  }

  gruBackward(
    B: number,
    H: number,
    a: Arr,
    aOff: number,
    gh: Arr,
    ghOff: number,
    hPrev: Arr,
    hPrevOff: number,
    dh: Arr,
    da: Arr,
    daOff: number,
    dgh: Arr,
    dghOff: number,
    dhPrev: Arr,
  ): void {
    this.rows(B, H, 'gru_backward', (b0, b) => {
      const o = b0 * H;
      return [
        b,
        H,
        at(a, aOff + 3 * o),
        at(gh, ghOff + 3 * o),
        at(hPrev, hPrevOff + o),
        at(dh, o),
        at(da, daOff + 3 * o),
        at(dgh, dghOff + 3 * o),
        at(dhPrev, o),
      ];
    });
  }

  /** Runs a cell kernel over R rows of `width` elements (threshold: 64 multiply-adds an element). */
  private rows<O extends ThreadOp>(R: number, width: number, op: O, args: (r0: number, rows: number) => Parameters<KernelExports[O]>): void {
    this.split(64 * R * width, R >= 2, R, width >= 4 ? 1 : 64, op, args);
  }

  crossEntropy(logits: Arr, targets: Int32Array, use: Uint8Array | null, N: number, O: number, dlogits: Arr | null): LossValue {
    if (!this.mine(logits, targets, use, dlogits)) return crossEntropy(logits, targets, use, N, O, dlogits);
    const scored = scoredRows(targets, use, N, O);
    // rows are shared between threads (an exp per logit: ~64 multiply-adds' worth), then added up in order
    const rows = at(this.lossRows(N));
    const l = at(logits),
      t = targets.byteOffset,
      u = use ? use.byteOffset : 0,
      d = dlogits ? at(dlogits) : 0;
    this.split(64 * N * O, N >= 2, N, 1, 'cross_entropy_rows', (n0, count) => [l, t, u, n0, count, O, d, scored, rows]);
    this.x.cross_entropy_total(rows, N, scored, 0);
    return this.result();
  }

  meanSquaredError(out: Arr, targets: Arr, use: Uint8Array | null, N: number, O: number, dout: Arr | null): LossValue {
    if (!this.mine(out, targets, use, dout)) return meanSquaredError(out, targets, use, N, O, dout);
    this.x.mean_squared_error(at(out), at(targets), use ? use.byteOffset : 0, N, O, dout ? at(dout) : 0, 0);
    return this.result();
  }

  // The Transformer's pointwise and row-wise parts: GELU shared by elements, LayerNorm by rows (each
  // a few dozen multiply-adds' worth an element), the rest on this thread.

  gelu(n: number, x: Arr, y: Arr, dg: Arr): void {
    if (!this.mine(x, y, dg)) return geluForward(n, x, y, dg, 0);
    const px = at(x),
      py = at(y),
      pd = at(dg);
    this.split(32 * n, n >= 64, n, 16, 'gelu', (i0, count) => [px, py, pd, i0, count]);
  }

  layerNorm(N: number, H: number, x: Arr, w: Arr, b: Arr, y: Arr, xhat: Arr, rstd: Arr): void {
    if (!this.mine(x, w, b, y, xhat, rstd)) return layerNormForward(N, H, x, w, b, y, xhat, rstd);
    const px = at(x),
      pw = at(w),
      pb = at(b),
      py = at(y),
      pxh = at(xhat),
      pr = at(rstd);
    this.split(16 * N * H, N >= 2, N, 1, 'layer_norm', (n0, count) => [px, pw, pb, py, pxh, pr, n0, count, H]); // eps: LAYER_NORM_EPS, built in
  }

  layerNormBackward(N: number, H: number, dy: Arr, xhat: Arr, rstd: Arr, w: Arr, dw: Arr, db: Arr, dx: Arr, acc: boolean): void {
    if (!this.mine(dy, xhat, rstd, w, dw, db, dx)) return layerNormBackward(N, H, dy, xhat, rstd, w, dw, db, dx, acc);
    this.x.layer_norm_backward(at(dy), at(xhat), at(rstd), at(w), at(dw), at(db), at(dx), N, H, acc ? 1 : 0);
  }

  geluBackward(n: number, dy: Arr, dg: Arr, dx: Arr): void {
    if (!this.mine(dy, dg, dx)) return geluBackward(n, dy, dg, dx, 0);
    this.x.mul(at(dx), at(dy), at(dg), n);
  }

  /** Shared by (row, head) pairs: each pair is computed whole by one thread, so the bits do not depend on the cut. */
  attention(d: AttentionDims, lengths: Int32Array, qkv: Arr, p: Arr, ctx: Arr): void {
    if (!this.mine(lengths, qkv, p, ctx)) return attentionCore(d, lengths, qkv, p, ctx);
    const { B, T, heads, D } = d;
    const q = at(qkv),
      pp = at(p),
      c = at(ctx),
      l = lengths.byteOffset;
    this.split(B * heads * T * T * D, B * heads >= 2, B * heads, 1, 'attention_forward', (i0, count) => [q, pp, c, l, T, heads, D, i0, count]);
  }

  attentionBackward(d: AttentionDims, lengths: Int32Array, qkv: Arr, p: Arr, dctx: Arr, dqkv: Arr): void {
    if (!this.mine(lengths, qkv, p, dctx, dqkv)) return attentionCoreBackward(d, lengths, qkv, p, dctx, dqkv);
    const { B, T, heads, D } = d;
    const q = at(qkv),
      pp = at(p),
      c = at(dctx),
      dq = at(dqkv),
      l = lengths.byteOffset;
    this.split(2 * B * heads * T * T * D, B * heads >= 2, B * heads, 1, 'attention_backward', (i0, count, slot) => [
      q,
      pp,
      c,
      dq,
      l,
      T,
      heads,
      D,
      i0,
      count,
      this.packFor(slot),
    ]);
  }

  /** Ready helpers for one split, or null to run on this thread alone. */
  private claim(): { t: Team; slots: number[] } | null {
    const t = teamFor(this.heap, moduleOf(this.heap));
    if (!t) return null;
    this.team = t;
    const slots = t.claim();
    if (slots.length === 0) return null;
    return { t, slots };
  }

  /** Whether every array lives in this heap (else the JS kernel runs). */
  sumSquares(x: Arr): number {
    return this.mine(x) ? this.x.sum_squares(at(x), x.length) : sumOfSquares(x);
  }

  allFinite(x: Arr): boolean {
    return this.mine(x) ? this.x.all_finite(at(x), x.length) !== 0 : allFiniteValues(x);
  }

  /**
   * In float32 arithmetic, as PyTorch updates float32 params (the JS reference computes in float64).
   * All the tensors in one call, laid end to end, so that a model's many small tensors are one split.
   */
  adam(tensors: readonly AdamTensor[], h: AdamStep): void {
    if (!tensors.every((x) => this.mine(x.p, x.g, x.m, x.v))) return adamUpdate(tensors, h);
    const table = (this.adamTable = this.grown(this.adamTable, 5 * tensors.length, (n) => this.heap.i32(n)));
    if (!table) throw new Error('the wasm heap is full');
    let n = 0;
    tensors.forEach((x, i) => {
      table.set([at(x.p), at(x.g), at(x.m), at(x.v), x.p.length], 5 * i);
      n += x.p.length;
    });
    const hp = this.hyper([h.stepSize, h.bc2Sqrt, h.beta1, h.beta2, h.eps]);
    this.split(SHARE_ADAM * n, n >= 64, n, 16, 'adam', (i0, count) => [at(table), tensors.length, i0, count, hp]);
  }

  /** Float64 values for a kernel, at an address (8 of them at most; valid until the next call). */
  private hyper(values: number[]): number {
    new Float64Array(this.heap.memory.buffer, this.hyperAt, values.length).set(values);
    return this.hyperAt;
  }

  private mine(...arrays: (ArrayBufferView | null)[]): boolean {
    return arrays.every((a) => a === null || heapOf(a) === this.heap);
  }

  private result(): LossValue {
    const out = this.heap.out;
    return { loss: out[1] > 0 ? out[0] / out[1] : 0, scored: out[1], correct: out[2] };
  }

  /** Room for cross_entropy_rows' two float64 per row (4 floats; heap arrays start on 64-byte lines). */
  private lossRows(N: number): Float32Array {
    const rows = (this.rowsBuf = this.grown(this.rowsBuf, 4 * N, (k) => this.heap.f32(k)));
    if (!rows) throw new Error('the wasm heap is full');
    return rows;
  }

  /**
   * Room for gemm_wp's packed W (its own: scratchOf's may hold a one-hot gradient meanwhile), or null
   * when the heap cannot hold it (the product then runs in the dot form, which needs no copy).
   */
  private panelsOf(n: number): Float32Array | null {
    return (this.panels = this.grown(this.panels, n, (k) => this.heap.f32(k)));
  }

  private scratchOf(n: number): Float32Array {
    const s = (this.scratch = this.grown(this.scratch, n, (k) => this.heap.f32(k)));
    if (!s) throw new Error('the wasm heap is full');
    return s;
  }

  /** A heap buffer of at least n elements: `buf` if it is long enough, else a new one from `make` (buf released). */
  private grown<T extends Float32Array | Int32Array>(buf: T | null, n: number, make: (n: number) => T | null): T | null {
    if (buf && buf.length >= n) return buf;
    if (buf) this.heap.releaseArray(buf);
    return make(n);
  }
}
