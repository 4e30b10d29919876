// Curve helpers for the charts: debiased EMA smoothing, min/max downsampling, log-axis grid lines.

/** TensorBoard's smoothing: an exponential moving average, debiased so the start is not pulled to 0. */
export function smoothEma(ys: readonly number[], weight: number): number[] {
  const out = new Array<number>(ys.length);
  if (weight <= 0) return ys.slice();
  let last = 0;
  let n = 0;
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i];
    if (!Number.isFinite(y)) {
      out[i] = y;
      continue;
    }
    last = last * weight + (1 - weight) * y;
    n++;
    out[i] = last / (1 - Math.pow(weight, n));
  }
  return out;
}

/**
 * Indices to draw when there are more points than pixels: per bucket, the minimum and the maximum of
 * `ys` (in x order), so spikes survive. Returns all indices when n ≤ maxPoints.
 */
export function minMaxIndices(ys: readonly number[], maxPoints: number): number[] {
  const n = ys.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const out: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const lo = Math.floor((b * n) / buckets);
    const hi = Math.floor(((b + 1) * n) / buckets);
    let iMin = lo;
    let iMax = lo;
    for (let i = lo + 1; i < hi; i++) {
      if (ys[i] < ys[iMin]) iMin = i;
      if (ys[i] > ys[iMax]) iMax = i;
    }
    if (iMin === iMax) out.push(iMin);
    else out.push(Math.min(iMin, iMax), Math.max(iMin, iMax));
  }
  if (out[out.length - 1] !== n - 1) out.push(n - 1); // always show the newest point
  return out;
}

export function pick<T>(xs: readonly T[], idx: readonly number[]): T[] {
  return idx.map((i) => xs[i]);
}

/** For a log axis: non-positive values cannot be drawn. */
export function positiveOrNull(ys: readonly number[]): (number | null)[] {
  return ys.map((y) => (Number.isFinite(y) && y > 0 ? y : null));
}

/** Grid lines of a log axis: every split within a decade or two, only the powers of ten beyond. */
export function decadeLines(splits: readonly number[]): (number | null)[] {
  const isDecade = (v: number): boolean => v > 0 && Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9;
  return splits.filter(isDecade).length >= 3 ? splits.map((v) => (isDecade(v) ? v : null)) : splits.slice();
}
