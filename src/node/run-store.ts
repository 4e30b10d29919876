// The run store on Node's file system and process: how the CLI, the worker and the extension open one.
import { RunStore, type RunStoreOptions, type RunStorePorts } from '../runs/run-store';
import { nodeRunFs } from './run-fs';
import { nodeRunProcess } from './run-process';

export function nodeRunPorts(): RunStorePorts {
  return { fs: nodeRunFs, process: nodeRunProcess() };
}

/** The runs of the workspace at `root` (`<root>/.rnn-lab/runs/`). */
export function nodeRunStore(root: string, options: RunStoreOptions = {}): RunStore {
  return new RunStore(root, nodeRunPorts(), options);
}
