// The sweep of a recorded run (the panel's Parallelism tab): its spec snapshot and its twin measured
// over sequence lengths, kept in the run folder as sweep.json.
import { msg } from '../messages/render';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SweepResult } from '../protocol/events';
import { RUN_FILES, RunStore, writeFileAtomic } from '../runs';
import { parseSpec } from '../spec/parse';
import { UserError } from './errors';
import { DEFAULT_SWEEP_LENGTHS, measureSweep, type SweepOptions } from './sweep';

export function sweepRun(workspaceRoot: string, runId: string, opts: Partial<SweepOptions> = {}): SweepResult {
  const store = new RunStore(workspaceRoot);
  const run = store.get(runId);
  if (!run) throw new UserError(msg('error.noRun', { id: runId, dir: path.join(workspaceRoot, '.rnn-lab', 'runs') }));
  const folder = store.folderOf(run.id);
  const { spec } = parseSpec(readFileSync(path.join(folder, RUN_FILES.spec), 'utf8'));
  if (!spec) throw new UserError(msg('error.specGone', { id: run.id }));
  // The snapshot names its data file relative to the spec it was taken from.
  const specDir = path.dirname(path.resolve(workspaceRoot, run.specPath));
  const result = measureSweep(spec, specDir, { readText: (p) => readFileSync(p, 'utf8') }, { lengths: DEFAULT_SWEEP_LENGTHS, twin: true, ...opts });
  writeFileAtomic(path.join(folder, RUN_FILES.sweep), `${JSON.stringify(result, null, 1)}\n`);
  return result;
}
