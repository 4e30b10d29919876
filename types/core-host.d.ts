// What the platform-free core (src/engine, src/spec, src/tasks, src/runs, src/train) takes from its
// host beyond ES2022: the few globals that Node, browsers and web workers all have. tsconfig.core.json
// compiles the core against this file instead of Node's types or the DOM, so any other host API fails there.
// (The full build, tsconfig.json, uses the DOM and Node types instead and does not include it.)

/** A monotonic clock in milliseconds (timings in the progress events, the threads' spin waits). */
declare const performance: { now(): number };

/** Base64 -> binary string (the embedded wasm kernels). */
declare function atob(data: string): string;

/** Deep copy of JSON-like data (the spec parser clones before filling in defaults). */
declare function structuredClone<T>(value: T): T;

/** UTF-8 both ways (safetensors headers, run files). */
declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}

/** The part of the WebAssembly JS API the kernels use (synchronous compile and instantiate). */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: ArrayBufferView | ArrayBuffer);
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number; shared?: boolean });
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }
  class Global {
    value: unknown;
  }
}
