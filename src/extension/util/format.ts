// Small display helpers shared by the status bar, CodeLens, decorations and the runs view.

export function formatLoss(x: number | undefined): string {
  if (x === undefined || x === null || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e4)) return x.toExponential(2);
  return x.toFixed(a < 1 ? 4 : 3);
}

/** "12 s", "5 min", "3 h", "2 d": how long ago, coarse. */
export function formatAge(thenMs: number, nowMs = Date.now()): string {
  const s = Math.max(0, Math.round((nowMs - thenMs) / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} d`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
