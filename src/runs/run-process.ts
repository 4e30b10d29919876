// The process port: who is writing a run (this machine, this process) and whether a process still
// lives. src/node/run-process.ts is Node's.

export interface RunProcess {
  /** This machine's name, recorded in run.json (a pid means nothing on another machine). */
  readonly hostname: string;
  /** This process's id, recorded in run.json. */
  readonly pid: number;
  /** Whether a process with this id runs on this machine. */
  isProcessAlive(pid: number): boolean;
}
