// Tensor names and shapes from a safetensors file's header, without reading the weights.
import { closeSync, openSync, readSync } from 'node:fs';
import type { ParamShape } from '../../protocol/panel';

const MAX_HEADER = 16 * 1024 * 1024;

export function readWeightShapes(file: string): ParamShape[] | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const len = Buffer.alloc(8);
    if (readSync(fd, len, 0, 8, 0) !== 8) return undefined;
    const n = Number(len.readBigUInt64LE(0));
    if (n <= 0 || n > MAX_HEADER) return undefined;
    const buf = Buffer.alloc(n);
    if (readSync(fd, buf, 0, n, 8) !== n) return undefined;
    const header = JSON.parse(buf.toString('utf8')) as Record<string, { shape?: number[] }>;
    return Object.entries(header)
      .filter(([name, v]) => name !== '__metadata__' && Array.isArray(v?.shape))
      .map(([name, v]) => ({ name, shape: v.shape! }));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
