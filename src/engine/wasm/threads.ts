// Helper threads for the wasm kernels: large products and batched cell steps are split by rows or
// columns between the calling thread and helpers that run the same kernels on the same shared
// memory. Each part writes its own rows/columns with the same arithmetic in the same order, so the
// results are bit-identical to a single thread.
//
// The engine does not create threads itself (it imports nothing platform-specific): the host
// installs a spawner with setThreads(): src/node/threads.ts (worker_threads) for the CLI and the
// training worker. A browser host would pass one that starts a Worker from a Blob URL of `source`
// (it needs a cross-origin-isolated page for shared memory). Without one, or without shared
// memory, everything runs on the calling thread.
//
// Protocol, per (heap, helper): a control block of SLOT_INTS int32 in the heap, a "team slot".
//   STATE  0 detached, 1 attach requested, 2 ready, 3 helper left (idle), 4 claimed by the caller,
//          5 attach cancelled
//   SEQ    bumped by the caller for each command; DONE set to SEQ by the helper when finished
//   OP     index into THREAD_OPS (−1 = detach), ARGC, ARG0… the int32 arguments
// THREAD_OPS, the kernels whose arguments are all int32 (addresses and counts), is generated from the
// kernel source by scripts/build-wasm.mjs, with the longest of their argument lists.
// The caller claims a ready helper (CAS 2→4), writes a command, bumps SEQ and notifies; the helper
// runs it, sets STATE back to 2 and DONE to SEQ, and notifies. A helper that sees no command for
// IDLE_MS leaves (CAS 2→3) and returns to its event loop, where the next attach message finds it.
import type { Heap } from './heap';
import { MAX_THREAD_ARGS, THREAD_OPS, type ThreadOp } from './kernel-exports.generated';

// SPIN_MS: how long a thread polls before it sleeps in Atomics.wait. Waking a sleeping thread takes
// a tenth of a millisecond or more on a VM, which was 10-25 % of a 1 ms call; a helper polling across
// the gap between two training steps (the optimizer, the next batch) is ready when the step begins.
const C = { STATE: 0, SEQ: 1, DONE: 2, OP: 3, ARGC: 4, ERR: 5, TIME: 6, ARG0: 8, SPIN_MS: 2, IDLE_MS: 3000 } as const;
const SLOT_INTS = C.ARG0 + MAX_THREAD_ARGS;

/** What a spawner returns: enough of a Worker to send the attach messages and stop it. */
interface HelperWorker {
  postMessage(message: unknown): void;
  terminate(): unknown;
}

/**
 * Starts a worker that runs `source` (a classic script using `self.onmessage`, `Atomics` and
 * `WebAssembly`). It must not keep the host alive by itself (Node: worker.unref()).
 */
export type SpawnHelper = (source: string) => HelperWorker;

interface Helper {
  worker: HelperWorker;
  owner: Team | null;
}

let spawn: SpawnHelper | null = null;
let wanted = 0;
let splits = 0; // calls shared with at least one helper (diagnostics, tests)
const helpers: Helper[] = [];
const teams = new WeakMap<Heap, Team | null>();

/**
 * Lets float32 models use `count` helper threads (0 = none) started by `spawner`. Helpers are
 * started on first use and shared by every model of this thread.
 */
export function setThreads(spawner: SpawnHelper | null, count: number): void {
  for (const h of helpers.splice(0)) {
    h.owner?.release(h);
    void h.worker.terminate();
  }
  spawn = count > 0 ? spawner : null;
  wanted = spawn ? Math.max(0, Math.floor(count)) : 0;
}

/** Helper threads set up (not necessarily attached yet), and calls shared with them so far. */
export function threadStats(): { helpers: number; splits: number } {
  return { helpers: wanted, splits };
}

/** The team of helpers for a heap's kernel calls, or null (no spawner, no shared memory). */
export function teamFor(heap: Heap, module: WebAssembly.Module | null): Team | null {
  if (!spawn || wanted === 0 || !heap.shared || !module) return null;
  let t = teams.get(heap);
  if (t === undefined) {
    t = Team.create(heap, module);
    teams.set(heap, t);
  }
  return t;
}

/** The helpers working on one heap: a control slot and a packing buffer each. */
export class Team {
  private readonly ctrl: Int32Array[];
  readonly pack: number[]; // gemm_nn packing buffer of each helper
  private readonly seq: number[];
  private readonly busy: boolean[];
  private readonly active: number[] = []; // slots given a command in the current split
  private readonly speed: number[]; // each helper's recent speed relative to the calling thread
  private calls = 0;

  private constructor(
    private readonly heap: Heap,
    private readonly module: WebAssembly.Module,
    ctrl: Int32Array[],
    pack: number[],
  ) {
    this.ctrl = ctrl;
    this.pack = pack;
    this.seq = ctrl.map(() => 0);
    this.busy = ctrl.map(() => false);
    this.speed = ctrl.map(() => 1);
  }

  static create(heap: Heap, module: WebAssembly.Module): Team | null {
    const ctrl: Int32Array[] = [];
    const pack: number[] = [];
    const packBytes = heap.k.PACK_BYTES.value as number;
    for (let i = 0; i < wanted; i++) {
      const c = heap.i32(SLOT_INTS);
      const p = heap.f32(packBytes / 4);
      if (!c || !p) return null;
      ctrl.push(c);
      pack.push(p.byteOffset);
    }
    return new Team(heap, module, ctrl, pack);
  }

  /**
   * Ready helpers for this heap, claimed for one split (release them with finish()). Attaches idle
   * helpers as a side effect: a helper becomes ready some time after its first request, so the
   * first large calls of a model may run on the calling thread alone.
   */
  claim(): number[] {
    const ready: number[] = [];
    while (helpers.length < wanted && spawn) helpers.push({ worker: spawn(HELPER_SOURCE), owner: null });
    for (let i = 0; i < helpers.length; i++) {
      const h = helpers[i];
      const ctrl = this.ctrl[i];
      if (h.owner !== this) {
        h.owner?.release(h);
        this.attach(h, i);
        continue;
      }
      const state = Atomics.load(ctrl, C.STATE);
      if (state === 0 || state === 3 || state === 5) this.attach(h, i);
      else if (state === 2 && Atomics.compareExchange(ctrl, C.STATE, 2, 4) === 2) ready.push(i);
    }
    return ready;
  }

  /**
   * Cut points for sharing n rows between the caller (part 0) and the claimed helpers: parts in
   * proportion to each thread's recent speed, in multiples of `unit` (a helper slowed down by other
   * work on the machine gets less).
   */
  cuts(slots: number[], n: number, unit: number): number[] {
    // A helper that has been much slower than the caller (busy machine) sits out, but is tried
    // again every 16th split so that it comes back when the machine calms down.
    this.calls++;
    const share = slots.map((i) => (this.speed[i] < 0.25 && this.calls % 16 !== 0 ? 0 : this.speed[i]));
    let total = 1;
    for (const x of share) total += x;
    const out = [0];
    let acc = 1;
    for (const x of share) {
      out.push(Math.min(n, Math.round((n * acc) / total / unit) * unit));
      acc += x;
    }
    out.push(n);
    return out;
  }

  /**
   * Updates the speeds after a split [t0 posted, t1 own part done, t2 all done]: a helper that kept
   * the caller waiting took t2 − t0 for its part; one that did not, its own measured time.
   */
  observe(slots: number[], cut: number[], t0: number, t1: number, t2: number): void {
    const own = cut[1];
    if (own === 0 || t1 - t0 <= 0) return;
    const mine = own / (t1 - t0);
    slots.forEach((i, p) => {
      const rows = cut[p + 2] - cut[p + 1];
      if (rows === 0) return;
      const took = t2 - t1 > 0.02 ? t2 - t0 : Math.max(1e-3, Atomics.load(this.ctrl[i], C.TIME) / 1000);
      const s = Math.min(4, Math.max(0.05, rows / took / mine));
      this.speed[i] = 0.7 * this.speed[i] + 0.3 * s;
    });
  }

  /** Gives helper slot i a command; it runs while the caller does its own part. */
  post(i: number, op: ThreadOp, args: readonly number[]): void {
    const ctrl = this.ctrl[i];
    if (C.ARG0 + args.length > SLOT_INTS) throw new Error(`wasm kernels: ${op} has more arguments than a team slot holds`);
    ctrl[C.OP] = THREAD_OPS.indexOf(op);
    ctrl[C.ARGC] = args.length;
    for (let j = 0; j < args.length; j++) ctrl[C.ARG0 + j] = args[j];
    const seq = (this.seq[i] = (this.seq[i] + 1) | 0);
    if (this.active.length === 0) splits++;
    this.busy[i] = true;
    this.active.push(i);
    Atomics.store(ctrl, C.SEQ, seq);
    Atomics.notify(ctrl, C.SEQ, 1);
  }

  /** Waits for every posted command; returns unposted claims to the ready state. */
  finish(claimed: number[]): void {
    for (const i of claimed) {
      const ctrl = this.ctrl[i];
      if (!this.busy[i]) {
        Atomics.store(ctrl, C.STATE, 2); // claimed but not used
        continue;
      }
      const seq = this.seq[i];
      let done = Atomics.load(ctrl, C.DONE);
      const until = performance.now() + C.SPIN_MS;
      while (done !== seq && performance.now() < until) {
        for (let s = 0; done !== seq && s < 256; s++) done = Atomics.load(ctrl, C.DONE);
      }
      const t0 = Date.now();
      while (done !== seq) {
        Atomics.wait(ctrl, C.DONE, done, 100);
        done = Atomics.load(ctrl, C.DONE);
        if (done !== seq && Date.now() - t0 > 60000) throw new Error('wasm kernels: a helper thread stopped responding');
      }
      this.busy[i] = false;
      if (Atomics.load(ctrl, C.ERR)) throw new Error('wasm kernels: a helper thread failed');
    }
    this.active.length = 0;
  }

  private attach(h: Helper, i: number): void {
    h.owner = this;
    const ctrl = this.ctrl[i];
    Atomics.store(ctrl, C.ERR, 0);
    Atomics.store(ctrl, C.STATE, 1);
    h.worker.postMessage({ module: this.module, memory: this.heap.memory, ctrl: ctrl.byteOffset, ints: SLOT_INTS, ops: THREAD_OPS, c: C });
  }

  /** Lets helper h go (it is being attached to another heap). */
  release(h: Helper): void {
    const i = helpers.indexOf(h);
    h.owner = null;
    if (i < 0) return;
    const ctrl = this.ctrl[i];
    if (Atomics.compareExchange(ctrl, C.STATE, 1, 5) === 1) return; // attach not yet picked up: cancel it
    if (Atomics.compareExchange(ctrl, C.STATE, 2, 4) !== 2) return; // not attached (or left)
    ctrl[C.OP] = -1;
    const seq = (this.seq[i] = (this.seq[i] + 1) | 0);
    Atomics.store(ctrl, C.SEQ, seq);
    Atomics.notify(ctrl, C.SEQ, 1);
  }
}

/**
 * The helper's program (a classic worker script, kept as text so that no bundler touches it). One
 * attach message at a time: instantiate the kernels on the shared memory, then serve commands from
 * the control slot until detached or idle.
 */
const HELPER_SOURCE = `
self.onmessage = (e) => {
  const { module, memory, ops, c } = e.data;
  const ctrl = new Int32Array(memory.buffer, e.data.ctrl, e.data.ints);
  if (Atomics.load(ctrl, c.STATE) !== 1) return; // cancelled meanwhile
  const instance = new WebAssembly.Instance(module, { env: { memory, abort: () => { throw new Error('abort'); } } });
  const fns = ops.map((name) => instance.exports[name]);
  const args = [];
  let seen = Atomics.load(ctrl, c.SEQ);
  if (Atomics.compareExchange(ctrl, c.STATE, 1, 2) !== 1) return;
  for (;;) {
    let seq = Atomics.load(ctrl, c.SEQ);
    const until = performance.now() + c.SPIN_MS;
    while (seq === seen && performance.now() < until) {
      for (let s = 0; seq === seen && s < 256; s++) seq = Atomics.load(ctrl, c.SEQ);
    }
    if (seq === seen) {
      if (Atomics.wait(ctrl, c.SEQ, seen, c.IDLE_MS) === 'timed-out' && Atomics.compareExchange(ctrl, c.STATE, 2, 3) === 2) return;
      continue;
    }
    seen = seq;
    const op = ctrl[c.OP];
    if (op < 0) {
      Atomics.store(ctrl, c.STATE, 0);
      return;
    }
    const n = ctrl[c.ARGC];
    args.length = n;
    for (let i = 0; i < n; i++) args[i] = ctrl[c.ARG0 + i];
    const t0 = performance.now();
    try {
      fns[op](...args);
    } catch {
      Atomics.store(ctrl, c.ERR, 1);
    }
    Atomics.store(ctrl, c.TIME, Math.round((performance.now() - t0) * 1000)); // µs
    Atomics.store(ctrl, c.STATE, 2);
    Atomics.store(ctrl, c.DONE, seq);
    Atomics.notify(ctrl, c.DONE, 1);
  }
};
`;
