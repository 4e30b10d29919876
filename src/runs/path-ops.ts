// The path port: file names are the platform's (POSIX or Windows separators, the current folder), so
// the core asks its host to join and split them. src/node/path-ops.ts gives Node's `path`.

/** The few `path` functions the run store and the trainer use, with Node's meaning. */
export interface PathOps {
  join(...parts: string[]): string;
  /** Absolute, against the host's current folder. */
  resolve(...parts: string[]): string;
  relative(from: string, to: string): string;
  dirname(p: string): string;
  basename(p: string): string;
  isAbsolute(p: string): boolean;
  readonly sep: string;
}
