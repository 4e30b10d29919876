// LayerNorm over the last dimension (H), as nn.LayerNorm(H) with eps 1e-5, on N rows:
//
//   forward   μ = mean(x),  σ² = mean((x − μ)²) (biased),  r = 1/√(σ² + eps)
//             x̂ = (x − μ)·r,  y = x̂·w + b
//   backward  dw += Σ_rows dy·x̂,  db += Σ_rows dy,  g = dy·w
//             dx (+)= r·(g − mean(g) − x̂·mean(g·x̂))
import type { Arr } from '../tensor';

const LAYER_NORM_EPS = 1e-5;

/** y[N,H] = LayerNorm(x[N,H]); keeps x̂ [N,H] and r [N] for backward. */
export function layerNormForward(N: number, H: number, x: Arr, w: Arr, b: Arr, y: Arr, xhat: Arr, rstd: Arr): void {
  for (let n = 0; n < N; n++) {
    const o = n * H;
    let mean = 0;
    for (let j = 0; j < H; j++) mean += x[o + j];
    mean /= H;
    let v = 0;
    for (let j = 0; j < H; j++) v += (x[o + j] - mean) ** 2;
    const r = 1 / Math.sqrt(v / H + LAYER_NORM_EPS);
    rstd[n] = r;
    for (let j = 0; j < H; j++) {
      const xh = (x[o + j] - mean) * r;
      xhat[o + j] = xh;
      y[o + j] = xh * w[j] + b[j];
    }
  }
}

/** From dy[N,H]: dw, db accumulate; dx[N,H] is added to (acc) or overwritten. */
export function layerNormBackward(N: number, H: number, dy: Arr, xhat: Arr, rstd: Arr, w: Arr, dw: Arr, db: Arr, dx: Arr, acc: boolean): void {
  for (let n = 0; n < N; n++) {
    const o = n * H;
    let mg = 0;
    let mgx = 0;
    for (let j = 0; j < H; j++) {
      const d = dy[o + j];
      const xh = xhat[o + j];
      dw[j] += d * xh;
      db[j] += d;
      const g = d * w[j];
      mg += g;
      mgx += g * xh;
    }
    mg /= H;
    mgx /= H;
    const r = rstd[n];
    for (let j = 0; j < H; j++) {
      const v = r * (dy[o + j] * w[j] - mg - xhat[o + j] * mgx);
      dx[o + j] = acc ? dx[o + j] + v : v;
    }
  }
}
