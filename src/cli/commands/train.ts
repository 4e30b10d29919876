// rnn-lab train SPEC: trains, records a run, shows progress (a bar on a terminal, JSON Lines with --json).
import { requirePositional, type Values } from '../args';
import type { Command } from '../commands';
import { TRAIN_OPTIONS, TRAIN_OPTIONS_HELP, trainWithProgress } from '../train-with-progress';

export const train: Command = {
  args: 'SPEC [--steps N] [--threads N] [--json]',
  summary: 'train a spec and record the run in .rnn-lab/runs/',
  help: `Options:
  --steps N         override training.steps
${TRAIN_OPTIONS_HELP}`,
  options: TRAIN_OPTIONS,
  async run(pos: string[], v: Values): Promise<number> {
    const specPath = requirePositional(pos, 'spec', `rnn-lab train ${this.args}`);
    return trainWithProgress({ specPath }, v);
  },
};
