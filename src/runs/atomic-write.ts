// Replace a file atomically: write a temp file in the same folder, fsync, rename over the target.
// A crash never leaves a half-written target; a failed write leaves the old file and no temp file.
import type { PathOps } from './path-ops';
import { RunFileError } from './run-file-error';

/** The few file calls an atomic write makes (part of RunFs; tests make them fail). */
export interface AtomicWriteFs {
  /** Node's flags: 'wx' creates a new file and fails if there is one, 'r' opens for reading. */
  open(file: string, flags: string, mode?: number): number;
  write(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsync(fd: number): void;
  close(fd: number): void;
  rename(from: string, to: string): void;
  unlink(file: string): void;
  readonly path: PathOps;
  /** A tag no other temp file of this or another process has (Node: pid, a counter, the clock). */
  tempTag(): string;
}

/** A fresh temp name next to `file`, hidden, unique within this process and across processes ('wx' never clobbers). */
function tempPathFor(file: string, fs: AtomicWriteFs): string {
  const { path } = fs;
  return path.join(path.dirname(file), `.${path.basename(file)}.${fs.tempTag()}.tmp`);
}

export function writeFileAtomic(fs: AtomicWriteFs, file: string, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const tmp = tempPathFor(file, fs);
  let fd: number | undefined;
  let created = false;
  try {
    fd = fs.open(tmp, 'wx', 0o644);
    created = true;
    let offset = 0;
    while (offset < bytes.byteLength) {
      const written = fs.write(fd, bytes, offset, bytes.byteLength - offset);
      if (!(written > 0)) throw new Error(`short write (${offset} of ${bytes.byteLength} bytes)`);
      offset += written;
    }
    fs.fsync(fd);
    const closing = fd;
    fd = undefined;
    fs.close(closing);
    fs.rename(tmp, file);
  } catch (err) {
    if (fd !== undefined) {
      try {
        fs.close(fd);
      } catch {
        // already failing; the original error matters
      }
    }
    if (created) {
      try {
        fs.unlink(tmp);
      } catch {
        // nothing more to do
      }
    }
    throw new RunFileError('write', file, err);
  }
  syncFolder(fs.path.dirname(file), fs);
}

/** Best effort: make the rename itself durable. Not possible on every platform (Windows), so errors are ignored. */
function syncFolder(folder: string, fs: AtomicWriteFs): void {
  let fd: number | undefined;
  try {
    fd = fs.open(folder, 'r');
    fs.fsync(fd);
  } catch {
    // ignore
  } finally {
    if (fd !== undefined) {
      try {
        fs.close(fd);
      } catch {
        // ignore
      }
    }
  }
}
