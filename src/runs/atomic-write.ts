// Replace a file atomically: write a temp file in the same folder, fsync, rename over the target.
// A crash never leaves a half-written target; a failed write leaves the old file and no temp file.
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { RunFileError } from './run-file-error';

/** The few fs calls an atomic write makes (injectable, so tests can make them fail). */
export interface AtomicWriteFs {
  openSync(file: string, flags: string, mode?: number): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(file: string): void;
}

let counter = 0;

/** A fresh temp name next to `file`, hidden, unique within this process and across processes ('wx' never clobbers). */
export function tempPathFor(file: string): string {
  const nonce = process.hrtime.bigint().toString(36);
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${++counter}-${nonce}.tmp`);
}

export function writeFileAtomic(file: string, data: string | Uint8Array, fs: AtomicWriteFs = nodeFs): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const tmp = tempPathFor(file);
  let fd: number | undefined;
  let created = false;
  try {
    fd = fs.openSync(tmp, 'wx', 0o644);
    created = true;
    let offset = 0;
    while (offset < bytes.byteLength) {
      const written = fs.writeSync(fd, bytes, offset, bytes.byteLength - offset);
      if (!(written > 0)) throw new Error(`short write (${offset} of ${bytes.byteLength} bytes)`);
      offset += written;
    }
    fs.fsyncSync(fd);
    const closing = fd;
    fd = undefined;
    fs.closeSync(closing);
    fs.renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // already failing; the original error matters
      }
    }
    if (created) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        // nothing more to do
      }
    }
    throw new RunFileError('write', file, err);
  }
  syncFolder(path.dirname(file), fs);
}

/** Best effort: make the rename itself durable. Not possible on every platform (Windows), so errors are ignored. */
function syncFolder(folder: string, fs: AtomicWriteFs): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // ignore
  } finally {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // ignore
      }
    }
  }
}
