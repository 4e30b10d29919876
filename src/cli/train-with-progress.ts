// What `train` and `resume` share: options, Ctrl-C handling, progress on a terminal or JSON Lines,
// the exit code from the run's final status.
import type { TrainEvent } from '../protocol/events';
import { installNodeThreads } from '../node/threads';
import { nodeTrainingHost } from '../node/training-host';
import { runTraining, type RunTrainingOptions } from '../train/run-training';
import { formatProblems } from '../spec/format-problems';
import { numberOption, stringOption, type Values } from './args';
import { ALLOW_OUTSIDE_DATA_HELP, ALLOW_OUTSIDE_DATA_OPTION } from './data-option';
import { cliLang, tr } from './lang';
import { ProgressView } from './progress-view';

export const TRAIN_OPTIONS = {
  steps: { type: 'string' },
  threads: { type: 'string' },
  json: { type: 'boolean' },
  workspace: { type: 'string' },
  ...ALLOW_OUTSIDE_DATA_OPTION,
} as const;

export const TRAIN_OPTIONS_HELP = `  --threads N       kernel threads for float32 models (default: one per core, at most 4;
                    also RNN_LAB_THREADS=N). Results are identical whatever N.
  --json            print one JSON event per line (started, progress, eval, probe, finished) on stdout;
                    the spec's warnings stay on stderr, as without --json
  --workspace DIR   where .rnn-lab/ is kept (default: the spec's nearest folder with .git, else its folder)
${ALLOW_OUTSIDE_DATA_HELP}

Ctrl-C stops cleanly: the run is recorded as 'stopped' with its last checkpoint.`;

export async function trainWithProgress(what: Pick<RunTrainingOptions, 'specPath' | 'resume'>, v: Values): Promise<number> {
  const json = v.json === true;
  installNodeThreads(numberOption(v, 'threads', { integer: true, min: 1 }));
  const view = json ? undefined : new ProgressView(process.stderr);
  let stopRequested = false;
  const onSigint = (): void => {
    if (stopRequested) process.exit(130); // a second Ctrl-C: leave now (the run reads back as interrupted)
    stopRequested = true;
    process.stderr.write(`\n${tr('cli.stopping')}\n`);
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    const finished = await runTraining({
      ...what,
      host: nodeTrainingHost,
      workspaceRoot: stringOption(v, 'workspace'),
      allowOutsideData: v['allow-outside-data'] === true,
      steps: numberOption(v, 'steps', { integer: true, min: 1 }),
      shouldStop: () => stopRequested,
      // on stderr in both modes, so --json stdout stays one training event per line
      onWarnings: (file, warnings) => process.stderr.write(`${formatProblems(file, warnings, cliLang())}\n`),
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
}
