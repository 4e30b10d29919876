// safetensors (https://github.com/huggingface/safetensors), the F32 and F64 subset:
//   [u64 little-endian N][N bytes of JSON header, space-padded][raw little-endian tensor data]
// header: { "<name>": { "dtype": "F32"|"F64", "shape": [...], "data_offsets": [begin, end] }, ...,
//           "__metadata__"?: { string: string } }, offsets relative to the start of the data.
import type { Arr } from './tensor';

export interface SafeTensor {
  dtype: 'F32' | 'F64';
  shape: number[];
  data: Float32Array | Float64Array;
}

const BYTES = { F32: 4, F64: 8 } as const;

export function readSafetensors(bytes: Uint8Array): Map<string, SafeTensor> {
  const bad = (what: string): never => {
    throw new Error(`not a valid safetensors file: ${what}`);
  };
  if (bytes.length < 8) bad(`${bytes.length} bytes is too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (headerLen > bytes.length - 8) bad(`the header length ${headerLen} runs past the end of the file (${bytes.length} bytes)`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)));
  } catch (e) {
    bad(`the header is not UTF-8 JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) bad('the header is not a JSON object');
  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  const out = new Map<string, SafeTensor>();
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    if (typeof entry !== 'object' || entry === null) bad(`tensor '${name}' has no {dtype, shape, data_offsets} entry`);
    const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
    if (dtype !== 'F32' && dtype !== 'F64') {
      bad(`tensor '${name}' has dtype ${JSON.stringify(dtype)}; RNN Lab reads F32 and F64 only`);
    }
    const size = BYTES[dtype as 'F32' | 'F64'];
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      bad(`tensor '${name}' has shape ${JSON.stringify(shape)}; expected an array of non-negative integers`);
    }
    const dims = shape as number[];
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0)) {
      bad(`tensor '${name}' has data_offsets ${JSON.stringify(offsets)}; expected [begin, end]`);
    }
    const [begin, end] = offsets as number[];
    if (begin > end || end > dataLen) {
      bad(`tensor '${name}' has data_offsets [${begin}, ${end}] outside the ${dataLen} data bytes`);
    }
    const count = dims.reduce((a, b) => a * b, 1);
    if (end - begin !== count * size) {
      bad(`tensor '${name}' (${dtype}, shape [${dims.join(', ')}]) needs ${count * size} bytes but its data_offsets span ${end - begin}`);
    }
    // Copy through a DataView: the data may be unaligned, and the file is little-endian whatever the platform.
    const data = dtype === 'F64' ? new Float64Array(count) : new Float32Array(count);
    const at = dataStart + begin;
    for (let i = 0; i < count; i++) {
      data[i] = dtype === 'F64' ? view.getFloat64(at + 8 * i, true) : view.getFloat32(at + 4 * i, true);
    }
    out.set(name, { dtype: dtype as 'F32' | 'F64', shape: dims, data });
  }
  return out;
}

/** The header's "__metadata__" string map ({} if there is none). Throws on a file that is not safetensors. */
export function safetensorsMetadata(bytes: Uint8Array): Record<string, string> {
  if (bytes.length < 8) throw new Error(`not a valid safetensors file: ${bytes.length} bytes is too short for the 8-byte header length`);
  const headerLen = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true));
  if (headerLen > bytes.length - 8) throw new Error(`not a valid safetensors file: the header length ${headerLen} runs past the end of the file`);
  const header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen))) as Record<string, unknown>;
  const meta = header?.__metadata__;
  if (typeof meta !== 'object' || meta === null) return {};
  return Object.fromEntries(Object.entries(meta).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

export interface TensorToWrite {
  name: string;
  shape: number[];
  data: Arr; // Float32Array → F32, Float64Array → F64
}

export function writeSafetensors(tensors: readonly TensorToWrite[], metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const t of tensors) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) throw new Error(`tensor '${t.name}': shape [${t.shape.join(', ')}] does not match its ${t.data.length} values`);
    if (t.name in header) throw new Error(`tensor '${t.name}' is listed twice`);
    const dtype = t.data instanceof Float64Array ? 'F64' : 'F32';
    const n = count * BYTES[dtype];
    header[t.name] = { dtype, shape: t.shape, data_offsets: [offset, offset + n] };
    offset += n;
  }
  if (metadata) header.__metadata__ = metadata;
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8; // so the data starts 8-byte aligned
  const out = new Uint8Array(8 + padded + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(padded), true);
  out.fill(0x20, 8, 8 + padded);
  out.set(json, 8);
  let at = 8 + padded;
  for (const t of tensors) {
    if (t.data instanceof Float64Array) for (let i = 0; i < t.data.length; i++, at += 8) view.setFloat64(at, t.data[i], true);
    else for (let i = 0; i < t.data.length; i++, at += 4) view.setFloat32(at, t.data[i], true);
  }
  return out;
}
