// rnn-lab train SPEC: trains, records a run, shows progress (a bar on a terminal, JSON Lines with --json).
import type { TrainEvent } from '../../engine/events';
import { runTraining } from '../../train/run-training';
import { numberOption, requirePositional, stringOption, type Values } from '../args';
import type { Command } from '../commands';
import { ALLOW_OUTSIDE_DATA_HELP, ALLOW_OUTSIDE_DATA_OPTION } from '../data-option';
import { ProgressView } from '../progress-view';
import { formatProblems } from '../../spec/format-problems';
import { installNodeThreads } from '../../node-threads';

export const train: Command = {
  args: 'SPEC [--steps N] [--threads N] [--json]',
  summary: 'train a spec and record the run in .rnn-lab/runs/',
  help: `Options:
  --steps N         override training.steps
  --threads N       kernel threads for float32 models (default: one per core, at most 4;
                    also RNN_LAB_THREADS=N). Results are identical whatever N.
  --json            print one JSON event per line (started, progress, eval, probe, finished) on stdout;
                    the spec's warnings stay on stderr, as without --json
  --workspace DIR   where .rnn-lab/ is kept (default: the spec's nearest folder with .git, else its folder)
${ALLOW_OUTSIDE_DATA_HELP}

Ctrl-C stops cleanly: the run is recorded as 'stopped' with its last checkpoint.`,
  options: { steps: { type: 'string' }, threads: { type: 'string' }, json: { type: 'boolean' }, workspace: { type: 'string' }, ...ALLOW_OUTSIDE_DATA_OPTION },
  async run(pos: string[], v: Values): Promise<number> {
    const specPath = requirePositional(pos, 'SPEC', `rnn-lab train ${this.args}`);
    const json = v.json === true;
    installNodeThreads(numberOption(v, 'threads', { integer: true, min: 1 }));
    const view = json ? undefined : new ProgressView(process.stderr);
    let stopRequested = false;
    const onSigint = (): void => {
      if (stopRequested) process.exit(130); // a second Ctrl-C: leave now (the run reads back as interrupted)
      stopRequested = true;
      process.stderr.write('\nstopping after this step… (Ctrl-C again to quit at once)\n');
    };
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigint);
    try {
      const finished = await runTraining({
        specPath,
        workspaceRoot: stringOption(v, 'workspace'),
        allowOutsideData: v['allow-outside-data'] === true,
        steps: numberOption(v, 'steps', { integer: true, min: 1 }),
        shouldStop: () => stopRequested,
        // on stderr in both modes, so --json stdout stays one training event per line
        onWarnings: (file, warnings) => process.stderr.write(`${formatProblems(file, warnings)}\n`),
        onEvent: (e: TrainEvent) => {
          if (json) {
            process.stdout.write(JSON.stringify(e) + '\n');
          } else {
            view!.update(e);
          }
        },
      });
      return finished.status === 'completed' || finished.status === 'stopped' ? 0 : 1;
    } finally {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    }
  },
};
