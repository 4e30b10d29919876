// The engine's float32 kernels in WebAssembly SIMD (AssemblyScript; compiled by scripts/build-wasm.mjs
// into ../kernels-binary.generated.ts, its exports' types into ../kernel-exports.generated.ts). Each export mirrors a JS reference kernel in ../../kernels.ts (same
// arguments, same maths) with arrays passed as byte addresses into the one linear memory that the
// model's buffers live in (../heap.ts). 0 stands for "no array". Counts are in elements.
//
// Matrix products come in two shapes, so that no operand ever needs packing:
//   gemm_nn  C (+)= A·B, B[k, j] row-contiguous, A[i, k] at any strides (A or Aᵀ)  "axpy" form
//   gemm_nt  C (+)= A·Wᵀ, rows of A and of W both contiguous along k               "dot" form
// Both are register-blocked: gemm_nn keeps a 4×8 tile of C in 8 SIMD registers and streams
// broadcasts of A against two vectors of B; gemm_nt keeps 2×4 dot products (8 vector accumulators)
// and reduces them horizontally at the end. Rows left over below the strips take 1×8 tiles, and
// single rows of gemm_nt (batch 1) its 1×8 dot products.

// ---------------------------------------------------------------------------------------------
// Small helpers

@inline function splat(x: f32): v128 {
  return f32x4.splat(x);
}

/** *p += v (4 floats) */
@inline function addTo(p: usize, v: v128): void {
  v128.store(p, f32x4.add(v128.load(p), v));
}

/** [Σx0, Σx1, Σx2, Σx3]: the four horizontal sums, in one vector. */
@inline function hsum4(x0: v128, x1: v128, x2: v128, x3: v128): v128 {
  const t0 = f32x4.add(v128.shuffle<f32>(x0, x1, 0, 4, 1, 5), v128.shuffle<f32>(x0, x1, 2, 6, 3, 7));
  const t1 = f32x4.add(v128.shuffle<f32>(x2, x3, 0, 4, 1, 5), v128.shuffle<f32>(x2, x3, 2, 6, 3, 7));
  return f32x4.add(v128.shuffle<f32>(t0, t1, 0, 1, 4, 5), v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
}

@inline function hsum(x: v128): f32 {
  const t = f32x4.add(x, v128.shuffle<f32>(x, x, 2, 3, 0, 1));
  return f32x4.extract_lane(t, 0) + f32x4.extract_lane(t, 1);
}

/** Four rows of 4 floats (at s, rows ls bytes apart) to four columns: rows of d, ld bytes apart. */
@inline function transpose4x4(s: usize, ls: usize, d: usize, ld: usize): void {
  const x0 = v128.load(s);
  const x1 = v128.load(s + ls);
  const x2 = v128.load(s + 2 * ls);
  const x3 = v128.load(s + 3 * ls);
  const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5); // a0 b0 a1 b1
  const t1 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5); // c0 d0 c1 d1
  const t2 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7); // a2 b2 a3 b3
  const t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7); // c2 d2 c3 d3
  v128.store(d, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(d + ld, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  v128.store(d + 2 * ld, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  v128.store(d + 3 * ld, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}

/** Loads 4 floats, or 1 (into lane 0) for the tail of a row. */
@inline function ld(p: usize, full: bool): v128 {
  return full ? v128.load(p) : v128.load32_zero(p);
}

@inline function st(p: usize, v: v128, full: bool): void {
  if (full) v128.store(p, v);
  else v128.store32_lane(p, v, 0);
}

// ---------------------------------------------------------------------------------------------
// Vector maths (Cephes single-precision algorithms; about 1 ulp for exp, 2 for tanh)

// The constants of exp and tanh are read from memory with a broadcast load (one instruction). As
// v128.const they cost nothing to write, but V8 rebuilds each one (about four instructions) at every
// use, inside the hot loops: the cells and the softmax ran 1.5× slower that way.
const VK = memory.data<f32>([
  -87.0, 88.0, 1.44269504088896341, 12582912.0, 0.693359375, -2.12194440e-4, // 0–5: exp's range reduction
  1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1, // 6–11: exp's polynomial
  1.0, // 12
  -7.90531110763549805, 7.90531110763549805, 0.0004, // 13–15: tanh's range
  -2.76076847742355e-16, 2.00018790482477e-13, -8.60467152213735e-11, 5.12229709037114e-8, // 16–22: tanh's numerator
  1.48572235717979e-5, 6.37261928875436e-4, 4.89352455891786e-3,
  1.19825839466702e-6, 1.18534705686654e-4, 2.26843463243900e-3, 4.89352518554385e-3, // 23–26: its denominator
], 16);
const EXP_BIAS = memory.data<i32>([127 - 0x4b400000], 16); // 2^n from the bits of n + 1.5·2^23

@inline function k(i: i32): v128 {
  return v128.load32_splat(VK + (<usize>i << 2));
}

@inline function vexp(x: v128): v128 {
  // pmin/pmax are single instructions (min/max carry NaN and ±0 fix-ups); a NaN still comes through
  x = f32x4.pmin(f32x4.pmax(x, k(0)), k(1));
  // n = round(x·log2 e), ties to even, by adding 1.5·2^23: t's low mantissa bits then hold n itself
  const t = f32x4.add(f32x4.mul(x, k(2)), k(3));
  const n = f32x4.sub(t, k(3));
  let r = f32x4.sub(x, f32x4.mul(n, k(4)));
  r = f32x4.sub(r, f32x4.mul(n, k(5)));
  let p = k(6);
  p = f32x4.add(f32x4.mul(p, r), k(7));
  p = f32x4.add(f32x4.mul(p, r), k(8));
  p = f32x4.add(f32x4.mul(p, r), k(9));
  p = f32x4.add(f32x4.mul(p, r), k(10));
  p = f32x4.add(f32x4.mul(p, r), k(11));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), k(12));
  const scale = i32x4.shl(i32x4.add(t, v128.load32_splat(EXP_BIAS)), 23);
  return f32x4.mul(p, scale);
}

@inline function vsigmoid(x: v128): v128 {
  return f32x4.div(k(12), f32x4.add(k(12), vexp(f32x4.neg(x))));
}

/**
 * tanh as a rational function (Eigen's float tanh: odd degree-13 over even degree-6 polynomial on
 * |x| ≤ 7.9053, ±1 beyond; x itself below 4e-4), a few ulp, with one division and no exp.
 */
@inline function vtanh(x: v128): v128 {
  const c = f32x4.pmin(f32x4.pmax(x, k(13)), k(14));
  const z = f32x4.mul(c, c);
  let p = k(16);
  p = f32x4.add(f32x4.mul(p, z), k(17));
  p = f32x4.add(f32x4.mul(p, z), k(18));
  p = f32x4.add(f32x4.mul(p, z), k(19));
  p = f32x4.add(f32x4.mul(p, z), k(20));
  p = f32x4.add(f32x4.mul(p, z), k(21));
  p = f32x4.add(f32x4.mul(p, z), k(22));
  p = f32x4.mul(p, c);
  let q = k(23);
  q = f32x4.add(f32x4.mul(q, z), k(24));
  q = f32x4.add(f32x4.mul(q, z), k(25));
  q = f32x4.add(f32x4.mul(q, z), k(26));
  return v128.bitselect(x, f32x4.div(p, q), f32x4.lt(f32x4.abs(x), k(15)));
}

// ---------------------------------------------------------------------------------------------
// gemm_nn: C[M,N] (+)= A·B with A[i,k] at a + 4(i·rsA + k·csA) and B[k,j] at b + 4(k·ldb + j).
// rsA = K, csA = 1 is A[M,K] row-major; rsA = 1, csA = M is Aᵀ for A[K,M] (weight gradients).
// A weight gradient's product can take the bias gradients in the same pass over A[K,M] (Aᵀ only;
// s1 = 0 for none): s1 (and s2) += Σ_k A[k, :], and with gT, gT[tok[k], :] += A[k, :] for a one-hot
// input (gT rows csA floats apart) — sum_rows' arithmetic in sum_rows' order, without a pass of its own.
// Each k-block of A is first packed into 4-row strips ([k][4]: the strip's four values for one k
// are 16 contiguous bytes) in `scratch`, this thread's PACK_BYTES. The 4×8 tile then reads A at
// constant offsets from one pointer, and V8 spends almost nothing on addresses: 50 GFLOP/s on one
// core against 42 for the same tile on unpacked A (2 multiplies and 2 adds of 4 lanes a cycle
// would be 54). Two rows past the last whole strip go through a 2-row strip, and a last odd row alone.

const KC: i32 = 256; // k-block: a block's 4-row strip of A and 8-column strip of B stay in L1
const MC: i32 = 128; // rows of A packed at a time: MC·KC floats (128 KiB) stay in L2
export const PACK_BYTES: i32 = MC * KC * 4;

export function gemm_nn(
  c: usize, ldc: i32,
  a: usize, rsA: i32, csA: i32,
  b: usize, ldb: i32,
  M: i32, K: i32, N: i32,
  acc: i32, scratch: usize,
  s1: usize, s2: usize, gT: usize, tok: usize,
): void {
  if (!acc) {
    for (let i = 0; i < M; i++) memory.fill(c + ((<usize>i * ldc) << 2), 0, <usize>N << 2);
  }
  const M4 = N >= 8 ? M & ~3 : 0; // rows that go through 4-row strips
  const M2 = N >= 8 ? M & ~1 : 0; // and then a 2-row strip
  const lb = <usize>ldb << 2;
  const lg = <usize>csA << 2; // bytes per row of gT
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    const ak = a + ((<usize>k0 * csA) << 2);
    const bk = b + <usize>k0 * lb;
    for (let i0 = 0; i0 < M4; i0 += MC) {
      const mc = min(MC, M4 - i0);
      const o = <usize>i0 << 2;
      if (rsA == 1) packAt(scratch, ak + o, csA, mc, kc, s1 && s1 + o, s2 && s2 + o, gT && gT + o, lg, tok + (<usize>k0 << 2));
      else packA(scratch, ak + <usize>i0 * (<usize>rsA << 2), rsA, mc, kc);
      nnBlockPacked(c + ((<usize>i0 * ldc) << 2), ldc, scratch, bk, 32, lb, mc, kc, N);
    }
    if (M4 < M2) {
      packA2(scratch, ak + ((<usize>M4 * rsA) << 2), rsA, csA, kc);
      nnStrip2(c + ((<usize>M4 * ldc) << 2), ldc, scratch, bk, 32, lb, kc, N);
    }
    if (M2 < M) nnRows(c + ((<usize>M2 * ldc) << 2), ldc, ak + ((<usize>M2 * rsA) << 2), rsA, csA, bk, ldb, M - M2, kc, N);
  }
  if (s1 && M4 < M) sum_rows(s1, s2, a, K, csA, M4, M - M4, gT, tok);
}

/**
 * Packs a k-block of Aᵀ (A[K,·] rows ca floats apart, so the four values of a strip for one k are
 * already contiguous) into 4-row strips like packA, four strips at a time: a row's cache line feeds
 * all four (strip by strip, rows 4 KiB apart would alias in L1). With s1 (0 = none) it also adds
 * each value to the column sums s1 (and s2), kept in registers over the block, and with gT to row
 * tok[k] of gT (lg bytes a row; none where tok[k] < 0).
 */
function packAt(dst: usize, a: usize, ca: i32, mc: i32, kc: i32, s1: usize, s2: usize, gT: usize, lg: usize, tok: usize): void {
  // one copy of the loop for each combination, so that none tests its options per value
  if (!s1) packAtOf(dst, a, ca, mc, kc, s1, s2, gT, lg, tok, false, false, false);
  else if (s2) {
    if (gT) packAtOf(dst, a, ca, mc, kc, s1, s2, gT, lg, tok, true, true, true);
    else packAtOf(dst, a, ca, mc, kc, s1, s2, gT, lg, tok, true, true, false);
  } else if (gT) packAtOf(dst, a, ca, mc, kc, s1, s2, gT, lg, tok, true, false, true);
  else packAtOf(dst, a, ca, mc, kc, s1, s2, gT, lg, tok, true, false, false);
}

@inline function packAtOf(dst: usize, a: usize, ca: i32, mc: i32, kc: i32, s1: usize, s2: usize, gT: usize, lg: usize, tok: usize, one: bool, two: bool, hot: bool): void {
  const tile = <usize>kc << 4;
  const step = <usize>ca << 2;
  const mb = <usize>mc << 2;
  let t: usize = 0;
  for (; t + 64 <= mb; t += 64) {
    let d = dst + (t >> 4) * tile;
    let src = a + t;
    let x0 = splat(0), x1 = x0, x2 = x0, x3 = x0;
    if (one) {
      x0 = v128.load(s1 + t);
      x1 = v128.load(s1 + t, 16);
      x2 = v128.load(s1 + t, 32);
      x3 = v128.load(s1 + t, 48);
    }
    let y0 = x0, y1 = x1, y2 = x2, y3 = x3;
    if (two) {
      y0 = v128.load(s2 + t);
      y1 = v128.load(s2 + t, 16);
      y2 = v128.load(s2 + t, 32);
      y3 = v128.load(s2 + t, 48);
    }
    for (let k = 0; k < kc; k++) {
      const v0 = v128.load(src), v1 = v128.load(src, 16), v2 = v128.load(src, 32), v3 = v128.load(src, 48);
      v128.store(d, v0);
      v128.store(d + tile, v1);
      v128.store(d + 2 * tile, v2);
      v128.store(d + 3 * tile, v3);
      if (one) {
        x0 = f32x4.add(x0, v0);
        x1 = f32x4.add(x1, v1);
        x2 = f32x4.add(x2, v2);
        x3 = f32x4.add(x3, v3);
      }
      if (two) {
        y0 = f32x4.add(y0, v0);
        y1 = f32x4.add(y1, v1);
        y2 = f32x4.add(y2, v2);
        y3 = f32x4.add(y3, v3);
      }
      if (hot) {
        const r = load<i32>(tok + (<usize>k << 2));
        if (r >= 0) {
          const g = gT + <usize>r * lg + t;
          addTo(g, v0);
          addTo(g + 16, v1);
          addTo(g + 32, v2);
          addTo(g + 48, v3);
        }
      }
      d += 16;
      src += step;
    }
    if (one) {
      v128.store(s1 + t, x0);
      v128.store(s1 + t, x1, 16);
      v128.store(s1 + t, x2, 32);
      v128.store(s1 + t, x3, 48);
    }
    if (two) {
      v128.store(s2 + t, y0);
      v128.store(s2 + t, y1, 16);
      v128.store(s2 + t, y2, 32);
      v128.store(s2 + t, y3, 48);
    }
  }
  for (; t < mb; t += 16) {
    let d = dst + (t >> 4) * tile;
    let src = a + t;
    let x = one ? v128.load(s1 + t) : splat(0);
    let y = two ? v128.load(s2 + t) : x;
    for (let k = 0; k < kc; k++) {
      const v = v128.load(src);
      v128.store(d, v);
      if (one) x = f32x4.add(x, v);
      if (two) y = f32x4.add(y, v);
      if (hot) {
        const r = load<i32>(tok + (<usize>k << 2));
        if (r >= 0) addTo(gT + <usize>r * lg + t, v);
      }
      d += 16;
      src += step;
    }
    if (one) v128.store(s1 + t, x);
    if (two) v128.store(s2 + t, y);
  }
}

/** Packs rows 0 … mc−1 (mc a multiple of 4) of a k-block of row-major A (rows rsA floats apart) into 4-row strips, by 4×4 transposes four k at a time. */
function packA(dst: usize, a: usize, rsA: i32, mc: i32, kc: i32): void {
  const tile = <usize>kc << 4; // bytes per packed strip
  const ra = <usize>rsA << 2;
  const k4 = <usize>(kc & ~3) << 2;
  const kb = <usize>kc << 2;
  for (let i = 0; i < mc; i += 4) {
    const r = a + <usize>i * ra;
    const d = dst + <usize>(i >> 2) * tile;
    let o: usize = 0;
    for (; o < k4; o += 16) transpose4x4(r + o, ra, d + (o << 2), 16);
    for (; o < kb; o += 4) {
      for (let q: usize = 0; q < 4; q++) store<f32>(d + (o << 2) + (q << 2), load<f32>(r + q * ra + o));
    }
  }
}

/**
 * C[M,N] += A·B over one k-block, A packed by packA (strip t at ap + t·16·K) and B in 8-column
 * panels: columns j … j+7 at b + (j/8)·panel, k steps lb bytes apart. Row-major B has panel = 32,
 * lb = 4·ldb (and may end in N % 8 single columns); W packed by pack_w has panel = 32·K_total, lb = 32
 * (and N % 8 = 0).
 */
function nnBlockPacked(c: usize, ldc: i32, ap: usize, b: usize, panel: usize, lb: usize, M: i32, K: i32, N: i32): void {
  const lc = <usize>ldc << 2;
  const tile = <usize>K << 4;
  let j = 0;
  for (; j + 8 <= N; j += 8) {
    const cj = c + (<usize>j << 2);
    const bj = b + <usize>(j >> 3) * panel;
    for (let i = 0; i < M; i += 4) nn4x8(cj + <usize>i * lc, lc, ap + <usize>(i >> 2) * tile, bj, lb, K);
  }
  for (; j < N; j++) {
    for (let i = 0; i < M; i++) {
      let s: f32 = 0;
      let pa = ap + <usize>(i >> 2) * tile + (<usize>(i & 3) << 2);
      let pb = b + (<usize>j << 2);
      for (let k = 0; k < K; k++) {
        s += load<f32>(pa) * load<f32>(pb);
        pa += 16;
        pb += lb;
      }
      const pc = c + <usize>i * lc + (<usize>j << 2);
      store<f32>(pc, load<f32>(pc) + s);
    }
  }
}

/**
 * gemm_nn's rows that are not in strips (the last row of an odd M, or all when N < 8), on unpacked
 * A, in 1×8 tiles. A row takes the same tiles alone (a thread's one-row part) as below strips, and
 * the same whatever columns a thread has, so its bits do not depend on how threads cut the product.
 */
function nnRows(c: usize, ldc: i32, a: usize, rsA: i32, csA: i32, b: usize, ldb: i32, M: i32, K: i32, N: i32): void {
  const ra = <usize>rsA << 2;
  const ca = <usize>csA << 2;
  const lb = <usize>ldb << 2;
  const lc = <usize>ldc << 2;
  let j = 0;
  for (; j + 8 <= N; j += 8) {
    for (let i = 0; i < M; i++) nn1x8(c + <usize>i * lc + (<usize>j << 2), a + <usize>i * ra, ca, b + (<usize>j << 2), lb, K);
  }
  for (; j + 4 <= N; j += 4) {
    for (let i = 0; i < M; i++) nn1x4(c + <usize>i * lc + (<usize>j << 2), a + <usize>i * ra, ca, b + (<usize>j << 2), lb, K);
  }
  for (; j < N; j++) {
    for (let i = 0; i < M; i++) {
      let s: f32 = 0;
      let pa = a + <usize>i * ra;
      let pb = b + (<usize>j << 2);
      for (let k = 0; k < K; k++) {
        s += load<f32>(pa) * load<f32>(pb);
        pa += ca;
        pb += lb;
      }
      const pc = c + <usize>i * lc + (<usize>j << 2);
      store<f32>(pc, load<f32>(pc) + s);
    }
  }
}

/**
 * C[4,8] += A·B for a packed 4-row strip of A (ap, 16 bytes per k) and 8 columns of B (32 bytes at
 * b, k steps lb apart): 8 accumulators, each adding k = 0, 1, 2, … in turn.
 */
function nn4x8(c: usize, lc: usize, ap: usize, b: usize, lb: usize, K: i32): void {
  let c00 = splat(0), c01 = splat(0);
  let c10 = splat(0), c11 = splat(0);
  let c20 = splat(0), c21 = splat(0);
  let c30 = splat(0), c31 = splat(0);
  const end = ap + (<usize>K << 4);
  while (ap < end) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let s = v128.load32_splat(ap);
    c00 = f32x4.add(c00, f32x4.mul(s, b0));
    c01 = f32x4.add(c01, f32x4.mul(s, b1));
    s = v128.load32_splat(ap, 4);
    c10 = f32x4.add(c10, f32x4.mul(s, b0));
    c11 = f32x4.add(c11, f32x4.mul(s, b1));
    s = v128.load32_splat(ap, 8);
    c20 = f32x4.add(c20, f32x4.mul(s, b0));
    c21 = f32x4.add(c21, f32x4.mul(s, b1));
    s = v128.load32_splat(ap, 12);
    c30 = f32x4.add(c30, f32x4.mul(s, b0));
    c31 = f32x4.add(c31, f32x4.mul(s, b1));
    ap += 16;
    b += lb;
  }
  addTo(c, c00);
  addTo(c + 16, c01);
  c += lc;
  addTo(c, c10);
  addTo(c + 16, c11);
  c += lc;
  addTo(c, c20);
  addTo(c + 16, c21);
  c += lc;
  addTo(c, c30);
  addTo(c + 16, c31);
}

/** Packs rows 0 and 1 of a k-block of A (element (i, k) at a + 4(i·rsA + k·csA)) into a 2-row strip ([k][2]). */
function packA2(dst: usize, a: usize, rsA: i32, csA: i32, kc: i32): void {
  const r1 = a + (<usize>rsA << 2);
  const ca = <usize>csA << 2;
  for (let k = 0; k < kc; k++) {
    const o = <usize>k * ca;
    store<f32>(dst, load<f32>(a + o));
    store<f32>(dst, load<f32>(r1 + o), 4);
    dst += 8;
  }
}

/**
 * C[2,N] += A·B over one k-block for a 2-row strip packed by packA2 and B in 8-column panels (as
 * nnBlockPacked): the rows past a part's 4-row strips when threads share a product by pairs of rows.
 * Every element adds k = 0, 1, 2, … in turn into one accumulator, as in nn4x8, so a row gets the
 * same bits in either kind of strip.
 */
function nnStrip2(c: usize, ldc: i32, ap: usize, b: usize, panel: usize, lb: usize, K: i32, N: i32): void {
  const lc = <usize>ldc << 2;
  let j = 0;
  for (; j + 16 <= N; j += 16) {
    const bj = b + <usize>(j >> 3) * panel;
    nn2x16(c + (<usize>j << 2), lc, ap, bj, bj + panel, lb, K);
  }
  if (j + 8 <= N) {
    nn2x8(c + (<usize>j << 2), lc, ap, b + <usize>(j >> 3) * panel, lb, K);
    j += 8;
  }
  for (; j < N; j++) {
    let s0: f32 = 0, s1: f32 = 0;
    let pa = ap;
    let pb = b + (<usize>j << 2);
    for (let k = 0; k < K; k++) {
      const x = load<f32>(pb);
      s0 += load<f32>(pa) * x;
      s1 += load<f32>(pa, 4) * x;
      pa += 8;
      pb += lb;
    }
    const pc = c + (<usize>j << 2);
    store<f32>(pc, load<f32>(pc) + s0);
    store<f32>(pc + lc, load<f32>(pc + lc) + s1);
  }
}

/** C[2,16] += A·B: a 2-row strip against two 8-column panels (b0, b1); 8 accumulators, as many as nn4x8. */
function nn2x16(c: usize, lc: usize, ap: usize, b0: usize, b1: usize, lb: usize, K: i32): void {
  let c00 = splat(0), c01 = splat(0), c02 = splat(0), c03 = splat(0);
  let c10 = splat(0), c11 = splat(0), c12 = splat(0), c13 = splat(0);
  const end = ap + (<usize>K << 3);
  while (ap < end) {
    const x0 = v128.load(b0);
    const x1 = v128.load(b0, 16);
    const x2 = v128.load(b1);
    const x3 = v128.load(b1, 16);
    let s = v128.load32_splat(ap);
    c00 = f32x4.add(c00, f32x4.mul(s, x0));
    c01 = f32x4.add(c01, f32x4.mul(s, x1));
    c02 = f32x4.add(c02, f32x4.mul(s, x2));
    c03 = f32x4.add(c03, f32x4.mul(s, x3));
    s = v128.load32_splat(ap, 4);
    c10 = f32x4.add(c10, f32x4.mul(s, x0));
    c11 = f32x4.add(c11, f32x4.mul(s, x1));
    c12 = f32x4.add(c12, f32x4.mul(s, x2));
    c13 = f32x4.add(c13, f32x4.mul(s, x3));
    ap += 8;
    b0 += lb;
    b1 += lb;
  }
  addTo(c, c00);
  addTo(c + 16, c01);
  addTo(c + 32, c02);
  addTo(c + 48, c03);
  c += lc;
  addTo(c, c10);
  addTo(c + 16, c11);
  addTo(c + 32, c12);
  addTo(c + 48, c13);
}

/** C[2,8] += A·B: a 2-row strip against one 8-column panel. */
function nn2x8(c: usize, lc: usize, ap: usize, b: usize, lb: usize, K: i32): void {
  let c00 = splat(0), c01 = splat(0), c10 = splat(0), c11 = splat(0);
  const end = ap + (<usize>K << 3);
  while (ap < end) {
    const x0 = v128.load(b);
    const x1 = v128.load(b, 16);
    const s = v128.load32_splat(ap);
    const t = v128.load32_splat(ap, 4);
    c00 = f32x4.add(c00, f32x4.mul(s, x0));
    c01 = f32x4.add(c01, f32x4.mul(s, x1));
    c10 = f32x4.add(c10, f32x4.mul(t, x0));
    c11 = f32x4.add(c11, f32x4.mul(t, x1));
    ap += 8;
    b += lb;
  }
  addTo(c, c00);
  addTo(c + 16, c01);
  addTo(c + lc, c10);
  addTo(c + lc + 16, c11);
}

function nn1x8(c: usize, a: usize, ca: usize, b: usize, lb: usize, K: i32): void {
  // two k-streams (even, odd) so that four accumulators are in flight
  let c0 = splat(0), c1 = splat(0), d0 = splat(0), d1 = splat(0);
  let k = 0;
  for (; k + 2 <= K; k += 2) {
    const s = v128.load32_splat(a);
    const t = v128.load32_splat(a + ca);
    c0 = f32x4.add(c0, f32x4.mul(s, v128.load(b)));
    c1 = f32x4.add(c1, f32x4.mul(s, v128.load(b, 16)));
    d0 = f32x4.add(d0, f32x4.mul(t, v128.load(b + lb)));
    d1 = f32x4.add(d1, f32x4.mul(t, v128.load(b + lb, 16)));
    a += ca + ca;
    b += lb + lb;
  }
  if (k < K) {
    const s = v128.load32_splat(a);
    c0 = f32x4.add(c0, f32x4.mul(s, v128.load(b)));
    c1 = f32x4.add(c1, f32x4.mul(s, v128.load(b, 16)));
  }
  addTo(c, f32x4.add(c0, d0));
  addTo(c + 16, f32x4.add(c1, d1));
}

function nn1x4(c: usize, a: usize, ca: usize, b: usize, lb: usize, K: i32): void {
  let c0 = splat(0);
  for (let k = 0; k < K; k++) {
    c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(a), v128.load(b)));
    a += ca;
    b += lb;
  }
  addTo(c, c0);
}

// ---------------------------------------------------------------------------------------------
// gemm_np: C[M,N] (+)= A[M,K]·Wᵀ with W[N,K] packed by pack_w into panels of 8 rows of W, each
// stored k-major ([k][8]): the 4×8 tile then reads 32 contiguous bytes of W per k, whatever K is
// (rows of a plain Wᵀ 4 KiB apart alias in L1). For a weight used at every time step.

/** dst = W[N,K] as ⌈N/8⌉ panels of [K][8] (rows past N are zero). */
export function pack_w(dst: usize, w: usize, N: i32, K: i32): void {
  const kb = <usize>K << 2;
  const K4 = K & ~3;
  for (let p = 0; p < N; p += 8) {
    const panel = dst + <usize>p * kb; // 8 rows · K floats
    if (p + 8 > N) memory.fill(panel, 0, kb << 3);
    const rows = min(8, N - p);
    if (rows == 8) {
      const w0 = w + <usize>p * kb;
      for (let k = 0; k < K4; k += 4) {
        // two 4×4 transposes: rows 0-3 and 4-7 of the panel, columns k … k+3
        const o = <usize>k << 2;
        const d = panel + (<usize>k << 5);
        transpose4x4(w0 + o, kb, d, 32);
        transpose4x4(w0 + 4 * kb + o, kb, d + 16, 32);
      }
      for (let k = K4; k < K; k++) {
        for (let j = 0; j < 8; j++) store<f32>(panel + (<usize>(k * 8 + j) << 2), load<f32>(w + <usize>(p + j) * kb + (<usize>k << 2)));
      }
    } else {
      for (let j = 0; j < rows; j++) {
        for (let k = 0; k < K; k++) store<f32>(panel + (<usize>(k * 8 + j) << 2), load<f32>(w + <usize>(p + j) * kb + (<usize>k << 2)));
      }
    }
  }
}

/** C[M,N] (+)= A[M,K]·Wᵀ, W packed by pack_w; N a multiple of 8. A is packed like gemm_nn's (scratch: PACK_BYTES). */
export function gemm_np(c: usize, ldc: i32, a: usize, lda: i32, wp: usize, M: i32, K: i32, N: i32, acc: i32, scratch: usize): void {
  if (!acc) {
    for (let i = 0; i < M; i++) memory.fill(c + ((<usize>i * ldc) << 2), 0, <usize>N << 2);
  }
  const la = <usize>lda << 2;
  const lc = <usize>ldc << 2;
  const M4 = M & ~3;
  const M2 = M & ~1;
  const panel = <usize>K << 5; // bytes per packed panel of 8 rows of W
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    const ak = a + (<usize>k0 << 2);
    const wk = wp + (<usize>k0 << 5);
    for (let i0 = 0; i0 < M4; i0 += MC) {
      const mc = min(MC, M4 - i0);
      packA(scratch, ak + <usize>i0 * la, lda, mc, kc);
      nnBlockPacked(c + <usize>i0 * lc, ldc, scratch, wk, panel, 32, mc, kc, N);
    }
    if (M4 < M2) {
      packA2(scratch, ak + <usize>M4 * la, lda, 1, kc);
      nnStrip2(c + <usize>M4 * lc, ldc, scratch, wk, panel, 32, kc, N);
    }
    for (let i = M2; i < M; i++) {
      for (let j = 0; j < N; j += 8) nn1x8(c + <usize>i * lc + (<usize>j << 2), ak + <usize>i * la, 4, wk + <usize>(j >> 3) * panel, 32, kc);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// gemm_nt: C[M,N] (+)= A[M,K]·W[N,K]ᵀ, A rows lda apart, W rows ldw apart (a Linear layer: Y = X·Wᵀ).

export function gemm_nt(
  c: usize, ldc: i32,
  a: usize, lda: i32,
  w: usize, ldw: i32,
  M: i32, K: i32, N: i32,
  acc: i32,
): void {
  const la = <usize>lda << 2;
  const lw = <usize>ldw << 2;
  const lc = <usize>ldc << 2;
  const K4 = K & ~3;
  let i = 0;
  for (; i + 2 <= M; i += 2) {
    const a0 = a + <usize>i * la;
    const c0 = c + <usize>i * lc;
    let j = 0;
    for (; j + 4 <= N; j += 4) nt2x4(c0 + (<usize>j << 2), lc, a0, la, w + <usize>j * lw, lw, K4, K, acc);
    for (; j < N; j++) {
      const pw = w + <usize>j * lw;
      const pc = c0 + (<usize>j << 2);
      const s0 = dot(a0, pw, K4, K);
      const s1 = dot(a0 + la, pw, K4, K);
      store<f32>(pc, acc ? load<f32>(pc) + s0 : s0);
      store<f32>(pc + lc, acc ? load<f32>(pc + lc) + s1 : s1);
    }
  }
  if (i < M) {
    const a0 = a + <usize>i * la;
    const c0 = c + <usize>i * lc;
    let j = 0;
    for (; j + 8 <= N; j += 8) nt1x8(c0 + (<usize>j << 2), a0, w + <usize>j * lw, lw, K4, K, acc);
    for (; j < N; j++) {
      const pc = c0 + (<usize>j << 2);
      const s = dot(a0, w + <usize>j * lw, K4, K);
      store<f32>(pc, acc ? load<f32>(pc) + s : s);
    }
  }
}

/** Σ_k a[k]·w[k] over K values (K4 = K rounded down to 4). */
@inline function dot(a: usize, w: usize, K4: i32, K: i32): f32 {
  let x = splat(0), y = splat(0);
  let k = 0;
  const kb = <usize>K4 << 2;
  let o: usize = 0;
  for (; o + 32 <= kb; o += 32) {
    x = f32x4.add(x, f32x4.mul(v128.load(a + o), v128.load(w + o)));
    y = f32x4.add(y, f32x4.mul(v128.load(a + o, 16), v128.load(w + o, 16)));
  }
  if (o < kb) x = f32x4.add(x, f32x4.mul(v128.load(a + o), v128.load(w + o)));
  let s = hsum(f32x4.add(x, y));
  for (k = K4; k < K; k++) s += load<f32>(a + (<usize>k << 2)) * load<f32>(w + (<usize>k << 2));
  return s;
}

/** Tail of K (K % 4 values) for the dot products of one row of A against 4 rows of W. */
@inline function tail4(a: usize, w: usize, lw: usize, K4: i32, K: i32): v128 {
  let t0: f32 = 0, t1: f32 = 0, t2: f32 = 0, t3: f32 = 0;
  for (let k = K4; k < K; k++) {
    const o = <usize>k << 2;
    const x = load<f32>(a + o);
    t0 += x * load<f32>(w + o);
    t1 += x * load<f32>(w + lw + o);
    t2 += x * load<f32>(w + 2 * lw + o);
    t3 += x * load<f32>(w + 3 * lw + o);
  }
  return f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(t0), 1, t1), 2, t2), 3, t3);
}

function nt2x4(c: usize, lc: usize, a: usize, la: usize, w: usize, lw: usize, K4: i32, K: i32, acc: i32): void {
  let x00 = splat(0), x01 = splat(0), x02 = splat(0), x03 = splat(0);
  let x10 = splat(0), x11 = splat(0), x12 = splat(0), x13 = splat(0);
  const a1 = a + la;
  const w1 = w + lw;
  const w2 = w1 + lw;
  const w3 = w2 + lw;
  const kb = <usize>K4 << 2;
  for (let o: usize = 0; o < kb; o += 16) {
    const va0 = v128.load(a + o);
    const va1 = v128.load(a1 + o);
    const vw0 = v128.load(w + o);
    const vw1 = v128.load(w1 + o);
    const vw2 = v128.load(w2 + o);
    const vw3 = v128.load(w3 + o);
    x00 = f32x4.add(x00, f32x4.mul(va0, vw0));
    x01 = f32x4.add(x01, f32x4.mul(va0, vw1));
    x02 = f32x4.add(x02, f32x4.mul(va0, vw2));
    x03 = f32x4.add(x03, f32x4.mul(va0, vw3));
    x10 = f32x4.add(x10, f32x4.mul(va1, vw0));
    x11 = f32x4.add(x11, f32x4.mul(va1, vw1));
    x12 = f32x4.add(x12, f32x4.mul(va1, vw2));
    x13 = f32x4.add(x13, f32x4.mul(va1, vw3));
  }
  let r0 = hsum4(x00, x01, x02, x03);
  let r1 = hsum4(x10, x11, x12, x13);
  if (K4 < K) {
    r0 = f32x4.add(r0, tail4(a, w, lw, K4, K));
    r1 = f32x4.add(r1, tail4(a1, w, lw, K4, K));
  }
  if (acc) {
    addTo(c, r0);
    addTo(c + lc, r1);
  } else {
    v128.store(c, r0);
    v128.store(c + lc, r1);
  }
}

function nt1x8(c: usize, a: usize, w: usize, lw: usize, K4: i32, K: i32, acc: i32): void {
  let x0 = splat(0), x1 = splat(0), x2 = splat(0), x3 = splat(0);
  let x4 = splat(0), x5 = splat(0), x6 = splat(0), x7 = splat(0);
  const w4 = w + 4 * lw;
  const kb = <usize>K4 << 2;
  for (let o: usize = 0; o < kb; o += 16) {
    const va = v128.load(a + o);
    x0 = f32x4.add(x0, f32x4.mul(va, v128.load(w + o)));
    x1 = f32x4.add(x1, f32x4.mul(va, v128.load(w + lw + o)));
    x2 = f32x4.add(x2, f32x4.mul(va, v128.load(w + 2 * lw + o)));
    x3 = f32x4.add(x3, f32x4.mul(va, v128.load(w + 3 * lw + o)));
    x4 = f32x4.add(x4, f32x4.mul(va, v128.load(w4 + o)));
    x5 = f32x4.add(x5, f32x4.mul(va, v128.load(w4 + lw + o)));
    x6 = f32x4.add(x6, f32x4.mul(va, v128.load(w4 + 2 * lw + o)));
    x7 = f32x4.add(x7, f32x4.mul(va, v128.load(w4 + 3 * lw + o)));
  }
  let r0 = hsum4(x0, x1, x2, x3);
  let r1 = hsum4(x4, x5, x6, x7);
  if (K4 < K) {
    r0 = f32x4.add(r0, tail4(a, w, lw, K4, K));
    r1 = f32x4.add(r1, tail4(a, w4, lw, K4, K));
  }
  if (acc) {
    addTo(c, r0);
    addTo(c + 16, r1);
  } else {
    v128.store(c, r0);
    v128.store(c + 16, r1);
  }
}

// ---------------------------------------------------------------------------------------------
// Rows, sums, copies

/** Every row of C[M,N] = b1 (+ b2 unless 0). */
export function fill_rows(c: usize, M: i32, N: i32, b1: usize, b2: usize): void {
  const nb = <usize>N << 2;
  if (b2) {
    let o: usize = 0;
    for (; o + 16 <= nb; o += 16) v128.store(c + o, f32x4.add(v128.load(b1 + o), v128.load(b2 + o)));
    for (; o < nb; o += 4) store<f32>(c + o, load<f32>(b1 + o) + load<f32>(b2 + o));
  } else {
    memory.copy(c, b1, nb);
  }
  for (let i = 1; i < M; i++) memory.copy(c + <usize>i * nb, c, nb);
}

/**
 * Columns [j0, j0 + w) of the rows of A[M, R]: s1 (and s2, unless 0) += Σ_i A[i, :], row by row (the
 * order of the JS kernel), for the bias gradients. With gT (unless 0) the same pass also scatters the
 * rows for a one-hot input's weight gradient: gT[tok[i], :] += A[i, :] where tok[i] ≥ 0. Threads
 * share the columns.
 */
export function sum_rows(s1: usize, s2: usize, a: usize, M: i32, R: i32, j0: i32, w: i32, gT: usize, tok: usize): void {
  const rb = <usize>R << 2;
  const o0 = <usize>j0 << 2;
  const o1 = o0 + (<usize>w << 2);
  for (let i = 0; i < M; i++) {
    const row = a + <usize>i * rb;
    const t = gT ? load<i32>(tok + (<usize>i << 2)) : -1;
    const g = gT + <usize>t * rb;
    let o = o0;
    for (; o + 16 <= o1; o += 16) {
      const v = v128.load(row + o);
      addTo(s1 + o, v);
      if (s2) addTo(s2 + o, v);
      if (t >= 0) addTo(g + o, v);
    }
    for (; o < o1; o += 4) {
      const v = load<f32>(row + o);
      store<f32>(s1 + o, load<f32>(s1 + o) + v);
      if (s2) store<f32>(s2 + o, load<f32>(s2 + o) + v);
      if (t >= 0) store<f32>(g + o, load<f32>(g + o) + v);
    }
  }
}

/** dst[n] = x[n] + y[n] (dst may be x or y). */
export function add(dst: usize, x: usize, y: usize, n: i32): void {
  const nb = <usize>n << 2;
  let o: usize = 0;
  for (; o + 16 <= nb; o += 16) v128.store(dst + o, f32x4.add(v128.load(x + o), v128.load(y + o)));
  for (; o < nb; o += 4) store<f32>(dst + o, load<f32>(x + o) + load<f32>(y + o));
}

/** n floats at p = 0. */
export function zero(p: usize, n: i32): void {
  memory.fill(p, 0, <usize>n << 2);
}

/**
 * dst[C,R] = src[R,C]ᵀ in 4×4 blocks (four row loads, shuffles, four row stores), 16 rows of src at
 * a time so that each row of dst gets whole cache lines.
 */
export function transpose(dst: usize, src: usize, R: i32, C: i32): void {
  const R4 = R & ~3;
  const C4 = C & ~3;
  const rb = <usize>R << 2;
  const cb = <usize>C << 2;
  for (let r0 = 0; r0 < R4; r0 += 16) {
    const r1 = min(R4, r0 + 16);
    for (let c = 0; c < C4; c += 4) {
      const d0 = dst + <usize>c * rb;
      for (let r = r0; r < r1; r += 4) {
        transpose4x4(src + <usize>r * cb + (<usize>c << 2), cb, d0 + (<usize>r << 2), rb);
      }
    }
    for (let c = C4; c < C; c++) {
      for (let r = r0; r < r1; r++) store<f32>(dst + ((<usize>c * R + r) << 2), load<f32>(src + ((<usize>r * C + c) << 2)));
    }
  }
  for (let r = R4; r < R; r++) {
    for (let c = 0; c < C; c++) store<f32>(dst + ((<usize>c * R + r) << 2), load<f32>(src + ((<usize>r * C + c) << 2)));
  }
}

/** dst[b, t, :] = src[t, b, :] for rows of W floats (time-major to batch-first). */
export function time_to_batch(dst: usize, src: usize, T: i32, B: i32, W: i32): void {
  const wb = <usize>W << 2;
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) memory.copy(dst + <usize>(b * T + t) * wb, src + <usize>(t * B + b) * wb, wb);
  }
}

/** g[R,C] += gT[C,R]ᵀ */
export function add_transposed(g: usize, gT: usize, R: i32, C: i32): void {
  for (let r = 0; r < R; r++) {
    const gr = g + ((<usize>r * C) << 2);
    for (let c = 0; c < C; c++) {
      const p = gr + (<usize>c << 2);
      store<f32>(p, load<f32>(p) + load<f32>(gT + ((<usize>c * R + r) << 2)));
    }
  }
}

/**
 * A one-hot input's projection, rows [n0, n0 + count) of a[N, W]: a[n, :] = (b1 + b2) + wT[tok[n], :],
 * or just the biases where tok[n] < 0 (b2 may be 0). Threads share the rows.
 */
export function project_one_hot(a: usize, tok: usize, n0: i32, count: i32, wT: usize, W: i32, b1: usize, b2: usize): void {
  const wb = <usize>W << 2;
  for (let n = n0; n < n0 + count; n++) {
    const row = a + <usize>n * wb;
    const t = load<i32>(tok + (<usize>n << 2));
    if (b2) add(row, b1, b2, W);
    else memory.copy(row, b1, wb);
    if (t >= 0) add(row, row, wT + <usize>t * wb, W);
  }
}

// ---------------------------------------------------------------------------------------------
// Cells (pointwise; the layer has done the matrix products). Same layouts as ../../cells/*.ts.

/** Vanilla RNN: a[n] → act(a) in place and into h[n]. */
export function rnn_forward(n: i32, relu: i32, a: usize, h: usize): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) rnnFwd(a + (<usize>j << 2), h + (<usize>j << 2), relu, true);
  for (; j < n; j++) rnnFwd(a + (<usize>j << 2), h + (<usize>j << 2), relu, false);
}

@inline function rnnFwd(a: usize, h: usize, relu: i32, full: bool): void {
  const x = ld(a, full);
  const y = relu ? f32x4.max(x, splat(0)) : vtanh(x);
  st(a, y, full);
  st(h, y, full);
}

/** da[n] = dh[n]·act'(y[n]), y = a (post-activation); relu'(0) = 0. */
export function rnn_backward(n: i32, relu: i32, a: usize, dh: usize, da: usize): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) rnnBwd(a + (<usize>j << 2), dh + (<usize>j << 2), da + (<usize>j << 2), relu, true);
  for (; j < n; j++) rnnBwd(a + (<usize>j << 2), dh + (<usize>j << 2), da + (<usize>j << 2), relu, false);
}

@inline function rnnBwd(a: usize, dh: usize, da: usize, relu: i32, full: bool): void {
  const y = ld(a, full);
  const d = ld(dh, full);
  const r = relu ? v128.and(d, f32x4.gt(y, splat(0))) : f32x4.mul(d, f32x4.sub(splat(1), f32x4.mul(y, y)));
  st(da, r, full);
}

/** LSTM step over B rows: a[B,4H] pre-activations → i, f, g, o; c = f⊙cPrev + i⊙g; tc = tanh(c); h = o⊙tc. */
export function lstm_forward(B: i32, H: i32, a: usize, cPrev: usize, c: usize, tc: usize, h: usize): void {
  const hb = <usize>H << 2;
  for (let b = 0; b < B; b++) {
    const ab = a + <usize>b * 4 * hb;
    const o = <usize>b * hb;
    let j = 0;
    for (; j + 4 <= H; j += 4) lstmFwd(ab + (<usize>j << 2), hb, cPrev + o + (<usize>j << 2), c + o + (<usize>j << 2), tc + o + (<usize>j << 2), h + o + (<usize>j << 2), true);
    for (; j < H; j++) lstmFwd(ab + (<usize>j << 2), hb, cPrev + o + (<usize>j << 2), c + o + (<usize>j << 2), tc + o + (<usize>j << 2), h + o + (<usize>j << 2), false);
  }
}

@inline function lstmFwd(a: usize, hb: usize, cPrev: usize, c: usize, tc: usize, h: usize, full: bool): void {
  const i = vsigmoid(ld(a, full));
  const f = vsigmoid(ld(a + hb, full));
  const g = vtanh(ld(a + 2 * hb, full));
  const o = vsigmoid(ld(a + 3 * hb, full));
  st(a, i, full);
  st(a + hb, f, full);
  st(a + 2 * hb, g, full);
  st(a + 3 * hb, o, full);
  const cc = f32x4.add(f32x4.mul(f, ld(cPrev, full)), f32x4.mul(i, g));
  const t = vtanh(cc);
  st(c, cc, full);
  st(tc, t, full);
  st(h, f32x4.mul(o, t), full);
}

/** LSTM backward of one step: da[B,4H] = ∂L/∂pre-activations, dcPrev = dc⊙f (see cells/lstm.ts). */
export function lstm_backward(B: i32, H: i32, a: usize, cPrev: usize, tc: usize, dh: usize, dcNext: usize, da: usize, dcPrev: usize): void {
  const hb = <usize>H << 2;
  for (let b = 0; b < B; b++) {
    const ab = a + <usize>b * 4 * hb;
    const db = da + <usize>b * 4 * hb;
    const o = <usize>b * hb;
    let j = 0;
    for (; j + 4 <= H; j += 4) {
      const q = <usize>j << 2;
      lstmBwd(ab + q, db + q, hb, cPrev + o + q, tc + o + q, dh + o + q, dcNext + o + q, dcPrev + o + q, true);
    }
    for (; j < H; j++) {
      const q = <usize>j << 2;
      lstmBwd(ab + q, db + q, hb, cPrev + o + q, tc + o + q, dh + o + q, dcNext + o + q, dcPrev + o + q, false);
    }
  }
}

@inline function lstmBwd(a: usize, da: usize, hb: usize, cPrev: usize, tc: usize, dh: usize, dcNext: usize, dcPrev: usize, full: bool): void {
  const one = splat(1);
  const i = ld(a, full);
  const f = ld(a + hb, full);
  const g = ld(a + 2 * hb, full);
  const o = ld(a + 3 * hb, full);
  const t = ld(tc, full);
  const d = ld(dh, full);
  const dc = f32x4.add(ld(dcNext, full), f32x4.mul(f32x4.mul(d, o), f32x4.sub(one, f32x4.mul(t, t))));
  st(da, f32x4.mul(f32x4.mul(f32x4.mul(dc, g), i), f32x4.sub(one, i)), full);
  st(da + hb, f32x4.mul(f32x4.mul(f32x4.mul(dc, ld(cPrev, full)), f), f32x4.sub(one, f)), full);
  st(da + 2 * hb, f32x4.mul(f32x4.mul(dc, i), f32x4.sub(one, f32x4.mul(g, g))), full);
  st(da + 3 * hb, f32x4.mul(f32x4.mul(f32x4.mul(d, t), o), f32x4.sub(one, o)), full);
  st(dcPrev, f32x4.mul(dc, f), full);
}

/** GRU step over B rows (see cells/gru.ts): a[B,3H] input projections → r, z, n; h = (1−z)⊙n + z⊙hPrev. */
export function gru_forward(B: i32, H: i32, a: usize, gh: usize, hPrev: usize, h: usize): void {
  const hb = <usize>H << 2;
  for (let b = 0; b < B; b++) {
    const ab = a + <usize>b * 3 * hb;
    const gb = gh + <usize>b * 3 * hb;
    const o = <usize>b * hb;
    let j = 0;
    for (; j + 4 <= H; j += 4) {
      const q = <usize>j << 2;
      gruFwd(ab + q, gb + q, hb, hPrev + o + q, h + o + q, true);
    }
    for (; j < H; j++) {
      const q = <usize>j << 2;
      gruFwd(ab + q, gb + q, hb, hPrev + o + q, h + o + q, false);
    }
  }
}

@inline function gruFwd(a: usize, gh: usize, hb: usize, hPrev: usize, h: usize, full: bool): void {
  const r = vsigmoid(f32x4.add(ld(a, full), ld(gh, full)));
  const z = vsigmoid(f32x4.add(ld(a + hb, full), ld(gh + hb, full)));
  const n = vtanh(f32x4.add(ld(a + 2 * hb, full), f32x4.mul(r, ld(gh + 2 * hb, full))));
  st(a, r, full);
  st(a + hb, z, full);
  st(a + 2 * hb, n, full);
  st(h, f32x4.add(f32x4.mul(f32x4.sub(splat(1), z), n), f32x4.mul(z, ld(hPrev, full))), full);
}

/** GRU backward of one step: da, dgh [B,3H]; dhPrev += z⊙dh (see cells/gru.ts). */
export function gru_backward(B: i32, H: i32, a: usize, gh: usize, hPrev: usize, dh: usize, da: usize, dgh: usize, dhPrev: usize): void {
  const hb = <usize>H << 2;
  for (let b = 0; b < B; b++) {
    const ab = a + <usize>b * 3 * hb;
    const gb = gh + <usize>b * 3 * hb;
    const db = da + <usize>b * 3 * hb;
    const dgb = dgh + <usize>b * 3 * hb;
    const o = <usize>b * hb;
    let j = 0;
    for (; j + 4 <= H; j += 4) {
      const q = <usize>j << 2;
      gruBwd(ab + q, gb + q, db + q, dgb + q, hb, hPrev + o + q, dh + o + q, dhPrev + o + q, true);
    }
    for (; j < H; j++) {
      const q = <usize>j << 2;
      gruBwd(ab + q, gb + q, db + q, dgb + q, hb, hPrev + o + q, dh + o + q, dhPrev + o + q, false);
    }
  }
}

@inline function gruBwd(a: usize, gh: usize, da: usize, dgh: usize, hb: usize, hPrev: usize, dh: usize, dhPrev: usize, full: bool): void {
  const one = splat(1);
  const r = ld(a, full);
  const z = ld(a + hb, full);
  const n = ld(a + 2 * hb, full);
  const d = ld(dh, full);
  const dnPre = f32x4.mul(f32x4.mul(d, f32x4.sub(one, z)), f32x4.sub(one, f32x4.mul(n, n)));
  const drPre = f32x4.mul(f32x4.mul(f32x4.mul(dnPre, ld(gh + 2 * hb, full)), r), f32x4.sub(one, r));
  const dzPre = f32x4.mul(f32x4.mul(f32x4.mul(d, f32x4.sub(ld(hPrev, full), n)), z), f32x4.sub(one, z));
  st(da, drPre, full);
  st(da + hb, dzPre, full);
  st(da + 2 * hb, dnPre, full);
  st(dgh, drPre, full);
  st(dgh + hb, dzPre, full);
  st(dgh + 2 * hb, f32x4.mul(dnPre, r), full);
  st(dhPrev, f32x4.add(ld(dhPrev, full), f32x4.mul(d, z)), full);
}

// ---------------------------------------------------------------------------------------------
// Whole windows: the time loops of ../../recurrent-layer.ts (recur and backward) for rows
// b0 … b0+Bp−1 of a (T, B, ·) window without padding, so that a thread can run its share of the
// batch from start to end on its own. cell: 0 rnn, 1 lstm, 2 gru. wide: the recurrent products
// run as 4×8 tiles with W_hh packed (wx = pack_w(W_hh)) forward and W_hh itself backward; else as
// dot products with W_hh forward and W_hhᵀ (wx) backward. scratch: this thread's PACK_BYTES.

export function seq_forward(
  cell: i32, relu: i32, timeRes: i32, T: i32, B: i32, b0: i32, Bp: i32, H: i32,
  a: usize, gh: usize, bhh: usize, whh: usize, wx: usize, hs: usize, cs: usize, tc: usize, wide: i32, scratch: usize,
): void {
  const GH = (cell == 1 ? 4 : cell == 2 ? 3 : 1) * H;
  for (let t = 0; t < T; t++) {
    const row = <usize>(t * B + b0);
    const aT = a + ((row * GH) << 2);
    const hPrev = hs + ((row * H) << 2);
    const hCur = hs + (((row + B) * H) << 2);
    const C = cell == 2 ? gh + ((row * GH) << 2) : aT; // gru: W_hh·h + b_hh kept apart
    if (cell == 2) fill_rows(C, Bp, GH, bhh, 0);
    if (wide) gemm_np(C, GH, hPrev, H, wx, Bp, H, GH, 1, scratch);
    else gemm_nt(C, GH, hPrev, H, whh, H, Bp, H, GH, 1);
    if (cell == 0) rnn_forward(Bp * H, relu, aT, hCur);
    else if (cell == 1) lstm_forward(Bp, H, aT, cs + ((row * H) << 2), cs + (((row + B) * H) << 2), tc + ((row * H) << 2), hCur);
    else gru_forward(Bp, H, aT, C, hPrev, hCur);
    if (timeRes) add(hCur, hCur, hPrev, Bp * H);
  }
}

/** dh, carry, dcA, dcB: [Bp, H] scratch (this share's rows of the layer's [B, H] buffers); scratch: this thread's PACK_BYTES. */
export function seq_backward(
  cell: i32, relu: i32, timeRes: i32, T: i32, B: i32, b0: i32, Bp: i32, H: i32,
  a: usize, gh: usize, whh: usize, wx: usize, hs: usize, cs: usize, tc: usize,
  dy: usize, da: usize, dgh: usize, dh: usize, carry: usize, dcA: usize, dcB: usize, wide: i32, scratch: usize,
): void {
  const GH = (cell == 1 ? 4 : cell == 2 ? 3 : 1) * H;
  const n = Bp * H;
  zero(carry, n);
  if (cell == 1) zero(dcA, n);
  let dcIn = dcA;
  let dcOut = dcB;
  for (let t = T - 1; t >= 0; t--) {
    const row = <usize>(t * B + b0);
    add(dh, dy + ((row * H) << 2), carry, n); // ∂L/∂h⟨t⟩
    if (timeRes) memory.copy(carry, dh, <usize>n << 2);
    else zero(carry, n);
    const aT = a + ((row * GH) << 2);
    const daT = da + ((row * GH) << 2);
    const dghT = cell == 2 ? dgh + ((row * GH) << 2) : daT;
    if (cell == 0) rnn_backward(n, relu, aT, dh, daT);
    else if (cell == 1) lstm_backward(Bp, H, aT, cs + ((row * H) << 2), tc + ((row * H) << 2), dh, dcIn, daT, dcOut);
    else gru_backward(Bp, H, aT, gh + ((row * GH) << 2), hs + ((row * H) << 2), dh, daT, dghT, carry);
    if (wide) gemm_nn(carry, H, dghT, GH, 1, whh, H, Bp, GH, H, 1, scratch, 0, 0, 0, 0);
    else gemm_nt(carry, H, dghT, GH, wx, GH, Bp, GH, H, 1);
    const d = dcIn;
    dcIn = dcOut;
    dcOut = d;
  }
}

// ---------------------------------------------------------------------------------------------
// Losses (see ../../loss.ts). Results go to out: [sum of losses (f64), scored (f64), correct (f64)].

/**
 * Softmax cross-entropy, rows [n0, n0 + count) of N rows of O logits. The rows are independent, so
 * threads can share them; cross_entropy_total then adds them up in row order, so the sum is the same
 * however they were shared. Row n is scored when (use = 0 or use[n] ≠ 0) and targets[n] ≥ 0, and
 * `scored` counts such rows over all N. For each row, rows[2n] gets its loss and rows[2n + 1] 1 when
 * its argmax (first on ties) is the target (f64; 0 and 0 when not scored). dl (unless 0) gets
 * (softmax − onehot)/scored on scored rows and 0 elsewhere. The caller has checked targets[n] < O.
 */
export function cross_entropy_rows(logits: usize, targets: usize, use: usize, n0: i32, count: i32, O: i32, dl: usize, scored: i32, rows: usize): void {
  const inv: f64 = scored > 0 ? 1.0 / <f64>scored : 0;
  const ob = <usize>O << 2;
  const O4 = <usize>(O & ~3) << 2;
  for (let n = n0; n < n0 + count; n++) {
    const row = logits + <usize>n * ob;
    const drow = dl + <usize>n * ob;
    const out = rows + (<usize>n << 4);
    const y = load<i32>(targets + (<usize>n << 2));
    store<f64>(out, 0);
    store<f64>(out, 0, 8);
    if ((use && !load<u8>(use + n)) || y < 0) {
      if (dl) memory.fill(drow, 0, ob);
      continue;
    }
    // max and the first index that holds it (argmax, first on ties)
    let vm = splat(<f32>-Infinity);
    let o: usize = 0;
    for (; o < O4; o += 16) vm = f32x4.pmax(vm, v128.load(row + o));
    let mx = max<f32>(max<f32>(f32x4.extract_lane(vm, 0), f32x4.extract_lane(vm, 1)), max<f32>(f32x4.extract_lane(vm, 2), f32x4.extract_lane(vm, 3)));
    for (; o < ob; o += 4) mx = max<f32>(mx, load<f32>(row + o));
    let best = 0;
    while (best < O - 1 && load<f32>(row + (<usize>best << 2)) < mx) best++;
    // z = Σ exp(l − max); the exps go to dl's row (scaled below)
    const vmax = splat(mx);
    let vz = splat(0);
    for (o = 0; o < O4; o += 16) {
      const e = vexp(f32x4.sub(v128.load(row + o), vmax));
      vz = f32x4.add(vz, e);
      if (dl) v128.store(drow + o, e);
    }
    let z: f32 = hsum(vz);
    for (; o < ob; o += 4) {
      const e = f32x4.extract_lane(vexp(f32x4.sub(v128.load32_zero(row + o), vmax)), 0);
      z += e;
      if (dl) store<f32>(drow + o, e);
    }
    const ly = load<f32>(row + (<usize>y << 2));
    store<f64>(out, <f64>mx + Math.log(<f64>z) - <f64>ly);
    if (best == y) store<f64>(out, 1, 8);
    if (dl) {
      const s = splat(<f32>(inv / <f64>z));
      for (o = 0; o < O4; o += 16) v128.store(drow + o, f32x4.mul(v128.load(drow + o), s));
      for (; o < ob; o += 4) store<f32>(drow + o, load<f32>(drow + o) * f32x4.extract_lane(s, 0));
      const py = drow + (<usize>y << 2);
      store<f32>(py, <f32>(<f64>load<f32>(py) - inv));
    }
  }
}

/** Adds up cross_entropy_rows over N rows in row order: out = [Σ loss, scored, correct]. */
export function cross_entropy_total(rows: usize, N: i32, scored: i32, out: usize): void {
  let sum: f64 = 0;
  let correct: f64 = 0;
  for (let n = 0; n < N; n++) {
    sum += load<f64>(rows + (<usize>n << 4));
    correct += load<f64>(rows + (<usize>n << 4), 8);
  }
  store<f64>(out, sum);
  store<f64>(out, <f64>scored, 8);
  store<f64>(out, correct, 16);
}

/** Mean squared error over the O values of every row with use[n] ≠ 0 (use = 0: all rows). */
export function mean_squared_error(y: usize, targets: usize, use: usize, N: i32, O: i32, dy: usize, out: usize): void {
  let rows = 0;
  for (let n = 0; n < N; n++) if (!use || load<u8>(use + n)) rows++;
  const scored = rows * O;
  const k: f64 = scored > 0 ? 2.0 / <f64>scored : 0;
  const ob = <usize>O << 2;
  let sum: f64 = 0;
  for (let n = 0; n < N; n++) {
    const off = <usize>n * ob;
    if (use && !load<u8>(use + n)) {
      if (dy) memory.fill(dy + off, 0, ob);
      continue;
    }
    for (let o: usize = 0; o < ob; o += 4) {
      const d = <f64>load<f32>(y + off + o) - <f64>load<f32>(targets + off + o);
      sum += d * d;
      if (dy) store<f32>(dy + off + o, <f32>(d * k));
    }
  }
  store<f64>(out, sum);
  store<f64>(out, <f64>scored, 8);
  store<f64>(out, 0, 16);
}

// ---------------------------------------------------------------------------------------------
// Optimizer and gradient checks (JS reference: ../../grad-ops.ts)

/**
 * Adam on many float32 tensors at once, in float32 arithmetic like PyTorch's own (single-tensor)
 * update: m ← m + (1−β1)(g − m), v ← β2·v + (1−β2)·g·g, p ← p − stepSize·m / (√v / bc2Sqrt + eps).
 * (The JS reference computes each line in float64 and rounds once; the two agree to float32 precision.)
 * table: nt entries of five int32, the addresses of p, g, m, v and the length n of each tensor. The
 * elements [i0, i0 + count) of the tensors laid end to end are updated, so one call (and one split
 * over the threads) covers a whole model. hp: the float64 values stepSize, bc2Sqrt, β1, β2, eps, so
 * that every argument is an integer (each element's arithmetic is the same whoever does it).
 */
export function adam(table: usize, nt: i32, i0: i32, count: i32, hp: usize): void {
  const stepSize = load<f64>(hp), bc2Sqrt = load<f64>(hp, 8), beta1 = load<f64>(hp, 16), beta2 = load<f64>(hp, 24), eps = load<f64>(hp, 32);
  const c1 = splat(<f32>(1 - beta1));
  const b2 = splat(<f32>beta2);
  const c2 = splat(<f32>(1 - beta2));
  const ss = splat(<f32>stepSize);
  const bc = splat(<f32>bc2Sqrt);
  const ep = splat(<f32>eps);
  const end = i0 + count;
  let start = 0; // where tensor t begins in the concatenation
  for (let t = 0; t < nt && start < end; t++) {
    const e = table + <usize>t * 20;
    const n = load<i32>(e, 16);
    const lo = max(i0, start), hi = min(end, start + n);
    if (lo < hi) {
      const off = <usize>(lo - start) << 2;
      const p = <usize>load<u32>(e) + off, g = <usize>load<u32>(e, 4) + off, m = <usize>load<u32>(e, 8) + off, v = <usize>load<u32>(e, 12) + off;
      const nb = <usize>(hi - lo) << 2;
      let o: usize = 0;
      for (; o + 16 <= nb; o += 16) adamStep(p + o, g + o, m + o, v + o, c1, b2, c2, ss, bc, ep, true);
      for (; o < nb; o += 4) adamStep(p + o, g + o, m + o, v + o, c1, b2, c2, ss, bc, ep, false);
    }
    start += n;
  }
}

@inline function adamStep(p: usize, g: usize, m: usize, v: usize, c1: v128, b2: v128, c2: v128, ss: v128, bc: v128, ep: v128, full: bool): void {
  const gi = ld(g, full);
  let mi = ld(m, full);
  let vi = ld(v, full);
  mi = f32x4.add(mi, f32x4.mul(c1, f32x4.sub(gi, mi)));
  vi = f32x4.add(f32x4.mul(vi, b2), f32x4.mul(f32x4.mul(c2, gi), gi));
  const denom = f32x4.add(f32x4.div(f32x4.sqrt(vi), bc), ep);
  st(m, mi, full);
  st(v, vi, full);
  st(p, f32x4.sub(ld(p, full), f32x4.div(f32x4.mul(ss, mi), denom)), full);
}

/** Σ x[i]² in float64 (each square of a float32 value is exact in float64). */
export function sum_squares(x: usize, n: i32): f64 {
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
  const nb = <usize>n << 2;
  let o: usize = 0;
  for (; o + 16 <= nb; o += 16) {
    const v = v128.load(x + o);
    const lo = f64x2.promote_low_f32x4(v);
    const hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
    s0 = f64x2.add(s0, f64x2.mul(lo, lo));
    s1 = f64x2.add(s1, f64x2.mul(hi, hi));
  }
  const s = f64x2.add(s0, s1);
  let r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; o < nb; o += 4) {
    const v = <f64>load<f32>(x + o);
    r += v * v;
  }
  return r;
}

/** 1 if no element is NaN or ±Infinity. */
export function all_finite(x: usize, n: i32): i32 {
  // x − x is 0 for finite x and NaN otherwise; NaN never equals itself.
  let acc = splat(0);
  const nb = <usize>n << 2;
  let o: usize = 0;
  for (; o + 16 <= nb; o += 16) {
    const v = v128.load(x + o);
    acc = f32x4.add(acc, f32x4.sub(v, v));
  }
  let ok = f32x4.eq(acc, acc);
  if (!i32x4.all_true(ok)) return 0;
  for (; o < nb; o += 4) {
    const v = load<f32>(x + o);
    if (v - v != 0) return 0;
  }
  return 1;
}

// ---------------------------------------------------------------------------------------------
// The Transformer's pointwise and row-wise parts (see ../../transformer/*.ts for the JS references):
// GELU and LayerNorm (the causal attention is further down). The products around them are the gemms above.

const GK = memory.data<f32>([
  0.70710678118654752, 1.0, 0.5, 0.39894228040143268, // 0–3: √½, 1, ½, 1/√(2π)
  0.3275911, 0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429, // 4–9: erf (Abramowitz & Stegun 7.1.26)
  0.0, // 10
], 16);

@inline function g(i: i32): v128 {
  return v128.load32_splat(GK + (<usize>i << 2));
}

/**
 * GELU on floats [i0, i0 + count): y = x·Φ(x) and dg = Φ(x) + x·φ(x) (y may be x), with
 * Φ(x) = ½(1 + erf(x/√2)). erf(|u|) = 1 − t·(a1 + t·(a2 + … + t·a5))·e^(−u²), t = 1/(1 + p·|u|)
 * (|error| ≤ 1.5e-7, float32's own scale), and e^(−u²) = e^(−x²/2) gives φ too. Threads share the floats.
 */
export function gelu(x: usize, y: usize, dg: usize, i0: i32, count: i32): void {
  const end = <usize>(i0 + count) << 2;
  let o = <usize>i0 << 2;
  for (; o + 16 <= end; o += 16) geluAt(x + o, y + o, dg + o, true);
  for (; o < end; o += 4) geluAt(x + o, y + o, dg + o, false);
}

@inline function geluAt(px: usize, py: usize, pdg: usize, full: bool): void {
  const v = ld(px, full);
  const u = f32x4.mul(v, g(0));
  const t = f32x4.div(g(1), f32x4.add(g(1), f32x4.mul(g(4), f32x4.abs(u))));
  let p = g(9);
  p = f32x4.add(f32x4.mul(p, t), g(8));
  p = f32x4.add(f32x4.mul(p, t), g(7));
  p = f32x4.add(f32x4.mul(p, t), g(6));
  p = f32x4.add(f32x4.mul(p, t), g(5));
  p = f32x4.mul(p, t);
  const e = vexp(f32x4.neg(f32x4.mul(u, u)));
  const ea = f32x4.sub(g(1), f32x4.mul(p, e)); // erf(|u|)
  const erf = v128.bitselect(f32x4.neg(ea), ea, f32x4.lt(u, g(10)));
  const cdf = f32x4.mul(g(2), f32x4.add(g(1), erf));
  st(py, f32x4.mul(v, cdf), full);
  st(pdg, f32x4.add(cdf, f32x4.mul(v, f32x4.mul(e, g(3)))), full);
}

/** Σ a[0 … n) for one row (n floats at a). */
@inline function rowSum(a: usize, n: i32): f32 {
  const nb = <usize>n << 2;
  let s = splat(0);
  let o: usize = 0;
  for (; o + 16 <= nb; o += 16) s = f32x4.add(s, v128.load(a + o));
  let r = hsum(s);
  for (; o < nb; o += 4) r += load<f32>(a + o);
  return r;
}

/** nn.LayerNorm's eps (../../transformer/layer-norm.ts: LAYER_NORM_EPS); a constant, as a helper's arguments are int32. */
const LN_EPS: f64 = 1e-5;

/**
 * LayerNorm of rows [n0, n0 + count) of x[N, H]: x̂ = (x − μ)·r with r = 1/√(σ² + eps) (σ² biased,
 * in two passes), y = x̂·w + b; keeps x̂ [N, H] and r [N]. Threads share the rows.
 */
export function layer_norm(x: usize, w: usize, b: usize, y: usize, xhat: usize, rstd: usize, n0: i32, count: i32, H: i32): void {
  const hb = <usize>H << 2;
  for (let n = n0; n < n0 + count; n++) {
    const row = <usize>n * hb;
    const mean = splat(rowSum(x + row, H) / <f32>H);
    let vs = splat(0);
    let o: usize = 0;
    for (; o + 16 <= hb; o += 16) {
      const d = f32x4.sub(v128.load(x + row + o), mean);
      vs = f32x4.add(vs, f32x4.mul(d, d));
    }
    let v = hsum(vs);
    for (; o < hb; o += 4) {
      const d = load<f32>(x + row + o) - f32x4.extract_lane(mean, 0);
      v += d * d;
    }
    const r = <f32>(1 / Math.sqrt(<f64>(v / <f32>H) + LN_EPS));
    store<f32>(rstd + (<usize>n << 2), r);
    const vr = splat(r);
    for (o = 0; o + 16 <= hb; o += 16) lnAt(x + row + o, w + o, b + o, y + row + o, xhat + row + o, mean, vr, true);
    for (; o < hb; o += 4) lnAt(x + row + o, w + o, b + o, y + row + o, xhat + row + o, mean, vr, false);
  }
}

@inline function lnAt(x: usize, w: usize, b: usize, y: usize, xhat: usize, mean: v128, r: v128, full: bool): void {
  const xh = f32x4.mul(f32x4.sub(ld(x, full), mean), r);
  st(xhat, xh, full);
  st(y, f32x4.add(f32x4.mul(xh, ld(w, full)), ld(b, full)), full);
}

/**
 * LayerNorm's backward over N rows from dy[N, H]: dw += Σ dy·x̂, db += Σ dy, and with g = dy·w,
 * dx (+)= r·(g − mean(g) − x̂·mean(g·x̂)) (acc ≠ 0 adds). One thread (dw and db gather every row).
 */
export function layer_norm_backward(dy: usize, xhat: usize, rstd: usize, w: usize, dw: usize, db: usize, dx: usize, N: i32, H: i32, acc: i32): void {
  const hb = <usize>H << 2;
  const H4 = <usize>(H & ~3) << 2;
  const invH: f32 = 1 / <f32>H;
  for (let n = 0; n < N; n++) {
    const row = <usize>n * hb;
    let sg = splat(0);
    let sgx = splat(0);
    let o: usize = 0;
    for (; o < H4; o += 16) {
      const d = v128.load(dy + row + o);
      const xh = v128.load(xhat + row + o);
      addTo(dw + o, f32x4.mul(d, xh));
      addTo(db + o, d);
      const gg = f32x4.mul(d, v128.load(w + o));
      sg = f32x4.add(sg, gg);
      sgx = f32x4.add(sgx, f32x4.mul(gg, xh));
    }
    let mg = hsum(sg);
    let mgx = hsum(sgx);
    for (; o < hb; o += 4) {
      const d = load<f32>(dy + row + o);
      const xh = load<f32>(xhat + row + o);
      store<f32>(dw + o, load<f32>(dw + o) + d * xh);
      store<f32>(db + o, load<f32>(db + o) + d);
      const gg = d * load<f32>(w + o);
      mg += gg;
      mgx += gg * xh;
    }
    const vmg = splat(mg * invH);
    const vmgx = splat(mgx * invH);
    const r = v128.load32_splat(rstd + (<usize>n << 2));
    for (o = 0; o < H4; o += 16) lnBackAt(dy + row + o, xhat + row + o, w + o, dx + row + o, vmg, vmgx, r, acc, true);
    for (; o < hb; o += 4) lnBackAt(dy + row + o, xhat + row + o, w + o, dx + row + o, vmg, vmgx, r, acc, false);
  }
}

@inline function lnBackAt(dy: usize, xhat: usize, w: usize, dx: usize, mg: v128, mgx: v128, r: v128, acc: i32, full: bool): void {
  const gg = f32x4.mul(ld(dy, full), ld(w, full));
  let v = f32x4.mul(r, f32x4.sub(f32x4.sub(gg, mg), f32x4.mul(ld(xhat, full), mgx)));
  if (acc) v = f32x4.add(v, ld(dx, full));
  st(dx, v, full);
}

// ---------------------------------------------------------------------------------------------
// gemm_wp: C[M,N] (+)= A[M,K]·W[N,K]ᵀ for a weight used once per call (a Linear layer's forward
// product over many rows): W is first packed by pack_w into wp (this call's N·K floats, in panels of
// 8 rows), then gemm_np runs the 4×8 tiles, which reach gemm_nn's speed where gemm_nt's dot form
// (horizontal sums per element) does not. Threads share it by panels of 8 columns: each packs its own
// panels, and every element is computed the same way whatever the cut. N a multiple of 8.
export function gemm_wp(c: usize, ldc: i32, a: usize, lda: i32, w: usize, wp: usize, M: i32, K: i32, N: i32, acc: i32, scratch: usize): void {
  pack_w(wp, w, N, K);
  gemm_np(c, ldc, a, lda, wp, M, K, N, acc, scratch);
}

// ---------------------------------------------------------------------------------------------
// Causal multi-head attention (see ../../transformer/attention.ts), for the pairs (b, h) with
// b·heads + h in [i0, i0 + count): threads share it by pairs. qkv [B·T, 3H] holds Q | K | V by row
// (head h at columns h·D of each third), p [B, heads, T, T] the attention weights, ctx and dctx
// [B·T, H]; lens [B] the valid positions of each row. Only the causal half is computed: entries of
// P above the diagonal are never written (the workspace's P starts zeroed), and rows t ≥ len (padded
// queries) get 0 in P, in ctx and in the gradients. The scale is 1/√D, computed here (a thread's
// arguments are int32).

/** s[j … j+3] = q·k_j … q·k_{j+3} over D values (k rows ls bytes apart), one vector. */
@inline function dot4(q: usize, k: usize, ls: usize, D4b: usize, Db: usize): v128 {
  let a0 = splat(0), a1 = splat(0), a2 = splat(0), a3 = splat(0);
  const k1 = k + ls, k2 = k + 2 * ls, k3 = k + 3 * ls;
  let o: usize = 0;
  for (; o < D4b; o += 16) {
    const qv = v128.load(q + o);
    a0 = f32x4.add(a0, f32x4.mul(qv, v128.load(k + o)));
    a1 = f32x4.add(a1, f32x4.mul(qv, v128.load(k1 + o)));
    a2 = f32x4.add(a2, f32x4.mul(qv, v128.load(k2 + o)));
    a3 = f32x4.add(a3, f32x4.mul(qv, v128.load(k3 + o)));
  }
  let s = hsum4(a0, a1, a2, a3);
  for (; o < Db; o += 4) {
    const x = load<f32>(q + o);
    let t = f32x4.splat(x * load<f32>(k + o));
    t = f32x4.replace_lane(t, 1, x * load<f32>(k1 + o));
    t = f32x4.replace_lane(t, 2, x * load<f32>(k2 + o));
    t = f32x4.replace_lane(t, 3, x * load<f32>(k3 + o));
    s = f32x4.add(s, t);
  }
  return s;
}

/** q·k over D values. */
@inline function dot1(q: usize, k: usize, D4b: usize, Db: usize): f32 {
  let a = splat(0);
  let o: usize = 0;
  for (; o < D4b; o += 16) a = f32x4.add(a, f32x4.mul(v128.load(q + o), v128.load(k + o)));
  let s = hsum(a);
  for (; o < Db; o += 4) s += load<f32>(q + o) * load<f32>(k + o);
  return s;
}

/** s[j] = q·k_j for j ≤ t (rows of k ls bytes apart) into s. */
@inline function causalScores(s: usize, q: usize, k: usize, ls: usize, t: i32, D4b: usize, Db: usize): void {
  let j = 0;
  for (; j + 4 <= t + 1; j += 4) v128.store(s + (<usize>j << 2), dot4(q, k + <usize>j * ls, ls, D4b, Db));
  for (; j <= t; j++) store<f32>(s + (<usize>j << 2), dot1(q, k + <usize>j * ls, D4b, Db));
}

/** out[0 … D) (+)= Σ_{j ≤ t} w_j·v_j, w_j at w + j·ws (rows of v ls bytes apart): 16 columns at a time in registers. */
@inline function weightedRows(out: usize, w: usize, ws: usize, v: usize, ls: usize, t: i32, Db: usize, accumulate: bool): void {
  let o: usize = 0;
  for (; o + 64 <= Db; o += 64) {
    let c0 = splat(0), c1 = splat(0), c2 = splat(0), c3 = splat(0);
    let pv = v + o;
    for (let j = 0; j <= t; j++) {
      const pj = v128.load32_splat(w + <usize>j * ws);
      c0 = f32x4.add(c0, f32x4.mul(pj, v128.load(pv)));
      c1 = f32x4.add(c1, f32x4.mul(pj, v128.load(pv + 16)));
      c2 = f32x4.add(c2, f32x4.mul(pj, v128.load(pv + 32)));
      c3 = f32x4.add(c3, f32x4.mul(pj, v128.load(pv + 48)));
      pv += ls;
    }
    if (accumulate) {
      c0 = f32x4.add(c0, v128.load(out + o));
      c1 = f32x4.add(c1, v128.load(out + o + 16));
      c2 = f32x4.add(c2, v128.load(out + o + 32));
      c3 = f32x4.add(c3, v128.load(out + o + 48));
    }
    v128.store(out + o, c0);
    v128.store(out + o + 16, c1);
    v128.store(out + o + 32, c2);
    v128.store(out + o + 48, c3);
  }
  for (; o + 16 <= Db; o += 16) {
    let c0 = splat(0);
    let pv = v + o;
    for (let j = 0; j <= t; j++) {
      c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(w + <usize>j * ws), v128.load(pv)));
      pv += ls;
    }
    if (accumulate) c0 = f32x4.add(c0, v128.load(out + o));
    v128.store(out + o, c0);
  }
  for (; o < Db; o += 4) {
    let c: f32 = 0;
    let pv = v + o;
    for (let j = 0; j <= t; j++) {
      c += load<f32>(w + <usize>j * ws) * load<f32>(pv);
      pv += ls;
    }
    if (accumulate) c += load<f32>(out + o);
    store<f32>(out + o, c);
  }
}

/** row[0 … n) = softmax(row·scale) in place. */
@inline function softmaxRow(row: usize, n: i32, scale: f32): void {
  const nb = <usize>n << 2;
  const vs = splat(scale);
  let vm = splat(<f32>-Infinity);
  let o: usize = 0;
  for (; o + 16 <= nb; o += 16) vm = f32x4.pmax(vm, f32x4.mul(v128.load(row + o), vs));
  let mx = max<f32>(max<f32>(f32x4.extract_lane(vm, 0), f32x4.extract_lane(vm, 1)), max<f32>(f32x4.extract_lane(vm, 2), f32x4.extract_lane(vm, 3)));
  for (; o < nb; o += 4) mx = max<f32>(mx, load<f32>(row + o) * scale);
  const vmax = splat(mx);
  let vz = splat(0);
  for (o = 0; o + 16 <= nb; o += 16) {
    const e = vexp(f32x4.sub(f32x4.mul(v128.load(row + o), vs), vmax));
    vz = f32x4.add(vz, e);
    v128.store(row + o, e);
  }
  let z = hsum(vz);
  for (; o < nb; o += 4) {
    const e = f32x4.extract_lane(vexp(f32x4.sub(f32x4.mul(v128.load32_zero(row + o), vs), vmax)), 0);
    z += e;
    store<f32>(row + o, e);
  }
  const inv = splat(<f32>1 / z);
  for (o = 0; o + 16 <= nb; o += 16) v128.store(row + o, f32x4.mul(v128.load(row + o), inv));
  for (; o < nb; o += 4) store<f32>(row + o, load<f32>(row + o) * f32x4.extract_lane(inv, 0));
}

export function attention_forward(qkv: usize, p: usize, ctx: usize, lens: usize, T: i32, heads: i32, D: i32, i0: i32, count: i32): void {
  const H = heads * D;
  const ls = <usize>(3 * H) << 2; // bytes per row of qkv
  const lc = <usize>H << 2; // bytes per row of ctx
  const Db = <usize>D << 2;
  const D4b = <usize>(D & ~3) << 2;
  const tb = <usize>T << 2;
  const scale = <f32>(1.0 / Math.sqrt(<f64>D));
  for (let i = i0; i < i0 + count; i++) {
    const b = i / heads;
    const h = i - b * heads;
    const len = load<i32>(lens + (<usize>b << 2));
    const q0 = qkv + <usize>(b * T) * ls + (<usize>(h * D) << 2);
    const k0 = q0 + lc;
    const v0 = q0 + 2 * lc;
    const pb = p + <usize>i * <usize>T * tb;
    const cb = ctx + <usize>(b * T) * lc + (<usize>(h * D) << 2);
    for (let t = 0; t < T; t++) {
      const row = pb + <usize>t * tb;
      const ct = cb + <usize>t * lc;
      if (t >= len) {
        memory.fill(row, 0, <usize>(t + 1) << 2);
        memory.fill(ct, 0, Db);
        continue;
      }
      causalScores(row, q0 + <usize>t * ls, k0, ls, t, D4b, Db);
      softmaxRow(row, t + 1, scale);
      weightedRows(ct, row, 4, v0, ls, t, Db, false);
    }
  }
}

/**
 * Its backward: dqkv [B·T, 3H] (overwritten for these pairs) from dctx. First by query t < len:
 * dP = dC_t·V_j, dZ = P ⊙ (dP − Σ P·dP)·scale (row t of a [T, T] block in scratch), dQ_t = Σ_j dZ_j·K_j;
 * then by key j: dK_j = Σ_{t ≥ j} dZ[t, j]·Q_t and dV_j = Σ_{t ≥ j} P[t, j]·dC_t, in registers (both
 * sums in increasing t; a pair is computed whole by one thread). With T² floats above the scratch
 * (T > 181), dZ is kept a row at a time and dK, dV are accumulated row by row instead.
 */
export function attention_backward(qkv: usize, p: usize, dctx: usize, dqkv: usize, lens: usize, T: i32, heads: i32, D: i32, i0: i32, count: i32, scratch: usize): void {
  const H = heads * D;
  const ls = <usize>(3 * H) << 2;
  const lc = <usize>H << 2;
  const Db = <usize>D << 2;
  const D4b = <usize>(D & ~3) << 2;
  const tb = <usize>T << 2;
  const scale = <f32>(1.0 / Math.sqrt(<f64>D));
  const whole = <usize>T * tb <= <usize>PACK_BYTES; // dZ of every query fits in the scratch
  for (let i = i0; i < i0 + count; i++) {
    const b = i / heads;
    const h = i - b * heads;
    const len = load<i32>(lens + (<usize>b << 2));
    const off = <usize>(b * T) * ls + (<usize>(h * D) << 2);
    const q0 = qkv + off, k0 = q0 + lc, v0 = q0 + 2 * lc;
    const dq0 = dqkv + off, dk0 = dq0 + lc, dv0 = dq0 + 2 * lc;
    const pb = p + <usize>i * <usize>T * tb;
    const cb = dctx + <usize>(b * T) * lc + (<usize>(h * D) << 2);
    for (let t = whole ? len : 0; t < T; t++) {
      const r = <usize>t * ls;
      if (!whole) {
        memory.fill(dk0 + r, 0, Db);
        memory.fill(dv0 + r, 0, Db);
      }
      if (t >= len) {
        memory.fill(dq0 + r, 0, Db);
        if (whole) {
          memory.fill(dk0 + r, 0, Db);
          memory.fill(dv0 + r, 0, Db);
        }
      }
    }
    for (let t = 0; t < len; t++) {
      const prow = pb + <usize>t * tb;
      const dct = cb + <usize>t * lc;
      const dz = whole ? scratch + <usize>t * tb : scratch;
      causalScores(dz, dct, v0, ls, t, D4b, Db); // dP[t, j ≤ t]
      const nb = <usize>(t + 1) << 2;
      let vd = splat(0);
      let o: usize = 0;
      for (; o + 16 <= nb; o += 16) vd = f32x4.add(vd, f32x4.mul(v128.load(prow + o), v128.load(dz + o)));
      let dot = hsum(vd);
      for (; o < nb; o += 4) dot += load<f32>(prow + o) * load<f32>(dz + o);
      const vdot = splat(dot);
      const vs = splat(scale);
      for (o = 0; o + 16 <= nb; o += 16) v128.store(dz + o, f32x4.mul(f32x4.mul(v128.load(prow + o), f32x4.sub(v128.load(dz + o), vdot)), vs));
      for (; o < nb; o += 4) store<f32>(dz + o, load<f32>(prow + o) * (load<f32>(dz + o) - dot) * scale);
      weightedRows(dq0 + <usize>t * ls, dz, 4, k0, ls, t, Db, false); // dQ_t
      if (whole) continue;
      const qt = q0 + <usize>t * ls;
      for (let j = 0; j <= t; j++) {
        const zj = v128.load32_splat(dz + (<usize>j << 2));
        const pj = v128.load32_splat(prow + (<usize>j << 2));
        const dkj = dk0 + <usize>j * ls;
        const dvj = dv0 + <usize>j * ls;
        let e: usize = 0;
        for (; e < D4b; e += 16) {
          addTo(dkj + e, f32x4.mul(zj, v128.load(qt + e)));
          addTo(dvj + e, f32x4.mul(pj, v128.load(dct + e)));
        }
        for (; e < Db; e += 4) {
          store<f32>(dkj + e, load<f32>(dkj + e) + f32x4.extract_lane(zj, 0) * load<f32>(qt + e));
          store<f32>(dvj + e, load<f32>(dvj + e) + f32x4.extract_lane(pj, 0) * load<f32>(dct + e));
        }
      }
    }
    if (!whole) continue;
    for (let j = 0; j < len; j++) {
      const n = len - 1 - j; // queries t = j … len − 1
      const col = (<usize>j * tb) + (<usize>j << 2); // [j, j] of the T×T blocks
      weightedRows(dk0 + <usize>j * ls, scratch + col, tb, q0 + <usize>j * ls, ls, n, Db, false);
      weightedRows(dv0 + <usize>j * ls, pb + col, tb, cb + <usize>j * lc, lc, n, Db, false);
    }
  }
}

/** dst[i] = x[i]·y[i] for n values (GELU's backward: dy·g'). */
export function mul(dst: usize, x: usize, y: usize, n: i32): void {
  const nb = <usize>n << 2;
  const n16 = nb & ~15;
  let o: usize = 0;
  for (; o < n16; o += 16) v128.store(dst + o, f32x4.mul(v128.load(x + o), v128.load(y + o)));
  for (; o < nb; o += 4) store<f32>(dst + o, load<f32>(x + o) * load<f32>(y + o));
}
