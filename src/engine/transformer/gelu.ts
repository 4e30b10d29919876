// Exact (erf) GELU, as PyTorch's activation="gelu":
//
//   forward   g(x)  = x·Φ(x),  Φ(x) = ½(1 + erf(x/√2))
//   backward  g'(x) = Φ(x) + x·φ(x),  φ(x) = e^(−x²/2)/√(2π)
//
// JavaScript has no Math.erf, so erf comes from a table of Taylor polynomials built once at load:
// for u in [0, 6), one polynomial of degree DEG around the centre c of each interval of width 1/STEPS,
// with the derivatives of erf known in closed form,
//   erf⁽ⁿ⁾(c) = (2/√π)·(−1)ⁿ⁻¹·Hₙ₋₁(c)·e^(−c²)   (Hₙ the physicists' Hermite polynomials),
// and erf(c) itself from its everywhere-positive series (no cancellation) below 2,
//   erf(c) = (2/√π)·e^(−c²)·Σₙ 2ⁿ·c^(2n+1)/(1·3·…·(2n+1)),
// and from 1 − erfc(c) by erfc's continued fraction from 2 on,
//   erfc(c) = e^(−c²)/√π · 1/(c + ½/(c + 1/(c + (3/2)/(c + 2/(c + …))))).
// The remainder of degree 10 over |u − c| ≤ 1/16 is below 1e-16; past 6, erf = ±1 in float64.
// (float32 models on the wasm heap run the `gelu` kernel of ../wasm/assembly/kernels.ts instead,
// whose erf is good to float32's own precision.)
import type { Arr } from '../tensor';

const STEPS = 8; // intervals per unit of u
const U_MAX = 6; // 1 − erf(6) ≈ 2e-17: erf(u) rounds to 1 from here on
const DEG = 10;
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const PDF_PER_SLOPE = 1 / (2 * Math.SQRT2); // φ(x) = erf'(x/√2)·PDF_PER_SLOPE

/** [interval][DEG + 1] Taylor coefficients of erf around each interval's centre, lowest first. */
const COEF = buildTable();

function buildTable(): Float64Array {
  const n = STEPS * U_MAX;
  const coef = new Float64Array(n * (DEG + 1));
  for (let i = 0; i < n; i++) {
    const c = (i + 0.5) / STEPS;
    const base = i * (DEG + 1);
    coef[base] = c < 2 ? erfBySeries(c) : 1 - erfcByFraction(c);
    const e = TWO_OVER_SQRT_PI * Math.exp(-c * c);
    let hPrev = 0; // H₋₁ (unused)
    let h = 1; // H₀
    let factorial = 1;
    for (let m = 1; m <= DEG; m++) {
      // coefficient of (u − c)^m: erf⁽ᵐ⁾(c)/m! with H_{m−1}
      factorial *= m;
      coef[base + m] = (e * (m % 2 === 1 ? 1 : -1) * h) / factorial;
      const next = 2 * c * h - 2 * (m - 1) * hPrev; // H_m = 2c·H_{m−1} − 2(m−1)·H_{m−2}
      hPrev = h;
      h = next;
    }
  }
  return coef;
}

/** erf(c) for c ≥ 0 by its positive series: exact to a few ulps, slow (used to build the table). */
export function erfBySeries(c: number): number {
  let term = c;
  let sum = c;
  for (let n = 1; term > 1e-18 * sum; n++) {
    term *= (2 * c * c) / (2 * n + 1);
    sum += term;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-c * c) * sum;
}

/** erfc(c) for c ≥ 2 by its continued fraction (200 terms), evaluated from the tail. */
export function erfcByFraction(c: number): number {
  let f = c;
  for (let n = 200; n >= 1; n--) f = c + n / 2 / f;
  return Math.exp(-c * c) / (Math.sqrt(Math.PI) * f);
}

/** erf'(u) = (2/√π)·e^(−u²) of the last erfWithSlope call (a module variable: no allocation per call). */
let slope = 0;

/**
 * erf(u), accurate to about 1e-16 absolute, and its slope erf'(u) (into `slope`) from the same
 * polynomial's derivative: one Horner pass for both, no exp.
 */
function erfWithSlope(u: number): number {
  const a = Math.abs(u);
  if (!(a < U_MAX)) {
    slope = TWO_OVER_SQRT_PI * Math.exp(-u * u);
    return Number.isNaN(u) ? NaN : Math.sign(u);
  }
  if (a < 1 / 64) {
    // near 0, erf's own Taylor series: odd and exact at 0 (the next term is below 1e-18)
    const u2 = u * u;
    slope = TWO_OVER_SQRT_PI * (1 - u2 * (1 - u2 * (1 / 2 - u2 / 6)));
    return TWO_OVER_SQRT_PI * u * (1 - u2 * (1 / 3 - u2 * (1 / 10 - u2 / 42)));
  }
  const i = Math.floor(a * STEPS);
  const d = a - (i + 0.5) / STEPS;
  const base = i * (DEG + 1);
  let p = COEF[base + DEG];
  let q = 0;
  for (let m = DEG - 1; m >= 0; m--) {
    q = q * d + p; // p'(d)
    p = p * d + COEF[base + m]; // p(d)
  }
  slope = q; // erf' is even
  return u < 0 ? -p : p;
}

/** erf(u), accurate to about 1e-16 absolute. */
export function erf(u: number): number {
  return erfWithSlope(u);
}

/**
 * y[off + i] = g(x[off + i]) and dg[i] = g'(x[i]) (kept for backward) for n values; y may alias x.
 * φ(x) = e^(−x²/2)/√(2π) = erf'(x/√2)/(2√2) comes with erf.
 */
export function geluForward(n: number, x: Arr, y: Arr, dg: Arr, off: number): void {
  for (let i = off; i < off + n; i++) {
    const v = x[i];
    const cdf = 0.5 * (1 + erfWithSlope(v * Math.SQRT1_2));
    dg[i] = cdf + v * slope * PDF_PER_SLOPE;
    y[i] = v * cdf;
  }
}

/** dx[i] = dy[i]·g'(x[i]) from the g' that geluForward kept; dx may alias dy. */
export function geluBackward(n: number, dy: Arr, dg: Arr, dx: Arr, off: number): void {
  for (let i = off; i < off + n; i++) dx[i] = dy[i] * dg[i];
}
