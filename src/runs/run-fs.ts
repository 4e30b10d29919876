// The file port of the run store: every file operation on a run folder goes through a RunFs.
// src/node/run-fs.ts is Node's; tests wrap it to make writes fail (a full disk).
import type { AtomicWriteFs } from './atomic-write';

/**
 * What the run store reads, writes, lists and removes. A failing call throws an error whose `code` is
 * the system's (ENOENT, EEXIST, ENOSPC, …), as Node's do: the store tells "missing" from "unreadable"
 * and "disk full" from other failures by it.
 */
export interface RunFs extends AtomicWriteFs {
  readText(file: string): string;
  readBytes(file: string): Uint8Array;
  exists(file: string): boolean;
  append(file: string, text: string): void;
  /** A plain (non-atomic) overwrite: the last resort for run.json on a full disk. */
  overwrite(file: string, text: string): void;
  /** A new empty file; fails (EEXIST) if there is one. */
  createEmpty(file: string): void;
  /** Not recursive: fails (EEXIST) if the folder exists, which is how two runs never share an id. */
  makeFolder(dir: string): void;
  /** The folder and any missing parents. */
  makeFolders(dir: string): void;
  /** A folder and everything in it; nothing if it is missing. */
  removeTree(dir: string): void;
  /** The entries of a folder; a symbolic link is not a directory here. */
  listFolder(dir: string): { name: string; isDirectory(): boolean }[];
  /** The entry itself, not what a link points to. */
  lstat(p: string): { isDirectory(): boolean; isSymbolicLink(): boolean };
  /** When the file (or what a link points to) last changed. */
  modifiedAt(p: string): Date;
  readlink(p: string): string;
  /** The path with every link resolved. */
  realpath(p: string): string;
}

/** The system error code of a failed file operation ('ENOENT', 'ENOSPC', …), if it has one. */
export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
