// The port a recorded run takes its platform through: the spec file, the data files, the run store, the
// event loop. src/node/training-host.ts is Node's; the CLI and the worker pass it to runTraining.
import type { PathOps } from '../runs/path-ops';
import type { RunStore } from '../runs/run-store';
import type { SpecProblem } from '../spec/problem';
import type { Spec } from '../spec/types';
import type { TaskIO } from '../tasks/task';

/** Which data files may be read. */
export interface DataAccess {
  /** The workspace root data must stay in (default: the spec's nearest folder with .git, else its folder). */
  workspaceRoot?: string;
  /** `--allow-outside-data` / rnnLab.data.allowOutsideWorkspace: read data wherever it is. */
  allowOutside?: boolean;
}

/** A checked spec: `warnings` are what `validate` and the editor warn about, to show before training. */
export interface LoadedSpec {
  spec: Spec;
  /** The file's text exactly as read (saved in the run folder). */
  text: string;
  warnings: SpecProblem[];
}

export interface TrainingHost {
  readonly path: PathOps;
  /** Reads and checks a spec file; throws a SpecError listing every problem. */
  loadSpec(specPath: string, access: DataAccess): LoadedSpec;
  /** How a task reads its data files: one outside the workspace root is refused unless allowed. */
  taskIO(access: DataAccess & { workspaceRoot: string }): TaskIO;
  /** The workspace root of a spec (its nearest folder with .git, else its own); with no spec, the current folder's. */
  workspaceRootOf(specPath: string | undefined): string;
  /** The runs of the workspace at `root`. */
  runStore(root: string): RunStore;
  /** Lets waiting work run (a stop message, SIGINT) between training steps. */
  yieldNow(): Promise<void>;
}
