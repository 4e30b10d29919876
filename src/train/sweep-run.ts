// The sweep of a recorded run (the panel's Parallelism tab): its spec snapshot and its twin measured
// over sequence lengths, kept in the run folder as sweep.json.
import { msg } from '../messages/render';
import type { SweepResult } from '../protocol/events';
import { RUN_FILES, type RunStore } from '../runs';
import { parseSpec } from '../spec/parse';
import type { TaskIO } from '../tasks/task';
import { UserError } from '../messages/errors';
import { DEFAULT_SWEEP_LENGTHS, measureSweep, type SweepOptions } from './sweep';

/** `io` reads the spec's data file. */
export function sweepRun(store: RunStore, runId: string, io: TaskIO, opts: Partial<SweepOptions> = {}): SweepResult {
  const run = store.get(runId);
  if (!run) throw new UserError(msg('error.noRun', { id: runId, dir: store.runsDir }));
  const { spec } = parseSpec(store.readSpecSnapshot(run.id) ?? '');
  if (!spec) throw new UserError(msg('error.specGone', { id: run.id }));
  // The snapshot names its data file relative to the spec it was taken from.
  const result = measureSweep(spec, store.specDirOf(run), io, { lengths: DEFAULT_SWEEP_LENGTHS, twin: true, ...opts });
  store.writeRunFile(run.id, RUN_FILES.sweep, `${JSON.stringify(result, null, 1)}\n`);
  return result;
}
