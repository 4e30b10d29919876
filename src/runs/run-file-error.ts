// One error type for failed run-file writes, with a plain reason ("disk full") and the file named.

export class RunFileError extends Error {
  readonly file: string;
  readonly code?: string;

  constructor(action: string, file: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    super(`Cannot ${action} ${file}: ${reasonOf(cause, code)}`, { cause });
    this.name = 'RunFileError';
    this.file = file;
    this.code = code;
  }

  get diskFull(): boolean {
    return this.code === 'ENOSPC' || this.code === 'EDQUOT';
  }
}

function reasonOf(cause: unknown, code: string | undefined): string {
  if (code === 'ENOSPC') return 'disk full (ENOSPC: no space left on device)';
  if (code === 'EDQUOT') return 'disk full (EDQUOT: disk quota exceeded)';
  return cause instanceof Error ? cause.message : String(cause);
}
