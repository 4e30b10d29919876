// Shared helpers for the JS peers: argument parsing, synthetic data, the timing loop.
export function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const key = a.slice(2);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out[key] = true;
    else { out[key] = next; i++; }
  }
  return out;
}

/** Deterministic PRNG (mulberry32). */
/** The workload every peer shares: cell, hidden size, batch, sequence length, vocabulary, seconds. */
export function workloadArgs(args) {
  return {
    cell: args.cell ?? 'lstm',
    H: Number(args.hidden ?? 128),
    B: Number(args.batch ?? 1),
    T: Number(args.seq ?? 50),
    V: Number(args.vocab ?? 65),
    seconds: Number(args.seconds ?? 3),
  };
}

export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A token stream over V symbols, long enough to cut `count` windows of T+1. */
export function tokenStream(V, length, seed = 1) {
  const r = rng(seed);
  const s = new Int32Array(length);
  for (let i = 0; i < length; i++) s[i] = Math.floor(r() * V);
  return s;
}

/**
 * Runs `step()` (sync or async) for warm-up, then for at least `seconds` (and at least `minSteps` steps),
 * and returns the timing. `tokensPerStep` = B·T.
 */
export async function timeLoop(step, { seconds, warmupSteps = 3, warmupSeconds = 1, minSteps = 3, tokensPerStep }) {
  const now = () => Number(process.hrtime.bigint()) / 1e9;
  let t0 = now();
  let w = 0;
  while (w < warmupSteps || now() - t0 < warmupSeconds) { await step(); w++; }
  let steps = 0;
  let lastLoss;
  t0 = now();
  let elapsed = 0;
  while (steps < minSteps || elapsed < seconds) {
    lastLoss = await step();
    steps++;
    elapsed = now() - t0;
  }
  return {
    tokensPerSec: (tokensPerStep * steps) / elapsed,
    msPerStep: (1000 * elapsed) / steps,
    steps,
    seconds: elapsed,
    warmupSteps: w,
    loss: typeof lastLoss === 'number' ? lastLoss : undefined,
  };
}
