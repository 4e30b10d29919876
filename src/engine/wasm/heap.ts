// The WebAssembly side of the engine: one linear memory per float32 model, holding its parameters,
// gradients, optimizer state and step buffers as ordinary Float32Array views, so that the kernels
// (./assembly/kernels.ts) work on them in place and JS code reads and writes them as before.
//
// Where SharedArrayBuffer exists (Node, cross-origin-isolated browsers) the memory is shared: it can
// grow without detaching the views already handed out (a later worker thread can also run kernels
// on it). Elsewhere it is an ordinary memory of fixed size that never grows; when it is full, the
// caller falls back to plain arrays and the JS kernels. Without WebAssembly SIMD there is no heap.
import { KERNELS_WASM } from './kernels-binary.generated';
import type { KernelExports } from './kernel-exports.generated';

export type { KernelExports };

const PAGE = 65536;
const ALIGN = 64; // every block starts on a cache line
const BASE = PAGE; // page 0 holds the module's own constant data
const SHARED_MAX_PAGES = 32768; // 2 GiB of address space, reserved up front by shared memories
const FIXED_PAGES = 4096; // 256 MiB for a non-shared memory (pages are committed when first touched)

let module: WebAssembly.Module | null | undefined; // undefined: not tried yet; null: unavailable
let sharedModule: WebAssembly.Module | null | undefined;
let preference: 'auto' | 'js' = 'auto';

/** 'js' makes new float32 models use plain arrays and the JS kernels (tests compare the two). */
export function setKernelPreference(p: 'auto' | 'js'): void {
  preference = p;
}

function decode(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
}

/**
 * The module compiled for a shared or a non-shared memory. The binary imports a memory declared
 * with a maximum (limits flag 0x01); the shared variant flips that flag to 0x03 in place.
 */
function compiled(shared: boolean): WebAssembly.Module | null {
  if (shared ? sharedModule !== undefined : module !== undefined) return (shared ? sharedModule : module)!;
  let m: WebAssembly.Module | null = null;
  try {
    const bytes = decode(KERNELS_WASM);
    if (shared) {
      const at = indexOf(bytes, [3, 0x65, 0x6e, 0x76, 6, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 2, 1]); // "env" "memory" memory, flags 1
      if (at < 0) throw new Error('memory import not found');
      bytes[at + 12] = 3;
    }
    m = new WebAssembly.Module(bytes);
  } catch {
    m = null; // no WebAssembly, no SIMD, or a synchronous compile is not allowed here
  }
  if (shared) sharedModule = m;
  else module = m;
  return m;
}

function indexOf(hay: Uint8Array, needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** The compiled module that a heap's memory runs (for helper threads). */
export function moduleOf(heap: Heap): WebAssembly.Module | null {
  return compiled(heap.shared);
}

/** Which heap (if any) a typed array's buffer belongs to. */
const heaps = new WeakMap<ArrayBufferLike, Heap>();

export function heapOf(a: ArrayBufferView): Heap | undefined {
  return heaps.get(a.buffer);
}

interface Block {
  at: number;
  size: number;
}

/** A linear memory with the kernels instantiated on it, and a first-fit allocator with coalescing. */
export class Heap {
  readonly memory: WebAssembly.Memory;
  readonly k: KernelExports;
  readonly shared: boolean;
  private readonly free: Block[] = []; // sorted by address, never adjacent
  private top = BASE; // everything from here up is unused
  private highWater = BASE; // everything from here up has never been used (and is zero)
  private f64View: Float64Array;

  /** A heap, or null when WebAssembly SIMD is unavailable (or disabled by setKernelPreference). */
  static create(): Heap | null {
    if (preference === 'js' || typeof WebAssembly !== 'object') return null;
    const canShare = typeof SharedArrayBuffer === 'function';
    for (const shared of canShare ? [true, false] : [false]) {
      const m = compiled(shared);
      if (!m) continue;
      try {
        const memory = new WebAssembly.Memory(
          shared ? { initial: 16, maximum: SHARED_MAX_PAGES, shared: true } : { initial: FIXED_PAGES, maximum: FIXED_PAGES },
        );
        const instance = new WebAssembly.Instance(m, {
          env: {
            memory,
            abort: () => {
              throw new Error('wasm kernels: abort');
            },
          },
        });
        return new Heap(memory, instance.exports as unknown as KernelExports, shared);
      } catch {
        // e.g. out of address space: try the other kind, else no heap
      }
    }
    return null;
  }

  private constructor(memory: WebAssembly.Memory, k: KernelExports, shared: boolean) {
    this.memory = memory;
    this.k = k;
    this.shared = shared;
    heaps.set(memory.buffer, this);
    this.f64View = new Float64Array(memory.buffer, 0, 8);
  }

  /** Scratch for results: 8 float64 values at address 0 … 63 (below every block). */
  get out(): Float64Array {
    return this.f64View;
  }

  /** A zeroed block of `bytes`, or -1 when the memory is full (and cannot grow). */
  allocBytes(bytes: number): number {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    for (let i = 0; i < this.free.length; i++) {
      const b = this.free[i];
      if (b.size < size) continue;
      const at = b.at;
      if (b.size === size) this.free.splice(i, 1);
      else {
        b.at += size;
        b.size -= size;
      }
      new Uint8Array(this.memory.buffer, at, size).fill(0);
      return at;
    }
    const at = this.top;
    const end = at + size;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      if (!this.shared) return -1;
      try {
        this.memory.grow(Math.ceil((end - have) / PAGE));
      } catch {
        return -1;
      }
      heaps.set(this.memory.buffer, this);
      this.f64View = new Float64Array(this.memory.buffer, 0, 8);
    }
    // below the high-water mark the memory may have been used (a block freed at the top lowers top)
    if (at < this.highWater) new Uint8Array(this.memory.buffer, at, Math.min(end, this.highWater) - at).fill(0);
    this.top = end;
    this.highWater = Math.max(this.highWater, end);
    return at; // above the high-water mark: never used before, already zero
  }

  release(at: number, bytes: number): void {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    let i = 0;
    while (i < this.free.length && this.free[i].at < at) i++;
    this.free.splice(i, 0, { at, size });
    // merge with the next block, then with the previous one
    if (i + 1 < this.free.length && at + size === this.free[i + 1].at) {
      this.free[i].size += this.free[i + 1].size;
      this.free.splice(i + 1, 1);
    }
    if (i > 0 && this.free[i - 1].at + this.free[i - 1].size === at) {
      this.free[i - 1].size += this.free[i].size;
      this.free.splice(i, 1);
      i--;
    }
    // a free block at the top returns to the unused region
    const last = this.free[this.free.length - 1];
    if (last && last.at + last.size === this.top) {
      this.top = last.at;
      this.free.pop();
    }
  }

  /** Bytes in use (for tests and diagnostics). */
  get used(): number {
    return this.top - BASE - this.free.reduce((n, b) => n + b.size, 0);
  }

  f32(n: number): Float32Array | null {
    const at = this.allocBytes(4 * n);
    return at < 0 ? null : new Float32Array(this.memory.buffer, at, n);
  }

  i32(n: number): Int32Array | null {
    const at = this.allocBytes(4 * n);
    return at < 0 ? null : new Int32Array(this.memory.buffer, at, n);
  }

  u8(n: number): Uint8Array | null {
    const at = this.allocBytes(n);
    return at < 0 ? null : new Uint8Array(this.memory.buffer, at, n);
  }

  /** Frees a block handed out by f32/i32/u8. */
  releaseArray(a: ArrayBufferView): void {
    this.release(a.byteOffset, a.byteLength);
  }
}
