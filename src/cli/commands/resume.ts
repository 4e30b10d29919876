// rnn-lab resume RUN: continues a stopped, interrupted or diverged run in its own folder from its
// last checkpoint, step for step as if it had never stopped.
import { requirePositional, type Values } from '../args';
import type { Command } from '../commands';
import { TRAIN_OPTIONS, TRAIN_OPTIONS_HELP, trainWithProgress } from '../train-with-progress';

export const resume: Command = {
  args: 'RUN [--steps N] [--threads N] [--json]',
  summary: 'continue a stopped, interrupted or diverged run from its last checkpoint',
  help: `RUN is a run id from \`rnn-lab runs\` (a unique prefix, or 'latest'). The run goes on in its own
folder: the optimizer's state, the data position and a stream's hidden state are restored, so its
metrics are those it would have had without the interruption. Events logged after the checkpoint
(an interrupted run's last steps) are replaced by the ones trained again.

Options:
  --steps N         train until step N (default: the spec's training.steps; a completed run
                    goes on only with a larger N)
${TRAIN_OPTIONS_HELP}`,
  options: TRAIN_OPTIONS,
  async run(pos: string[], v: Values): Promise<number> {
    const run = requirePositional(pos, 'run', `rnn-lab resume ${this.args}`);
    return trainWithProgress({ resume: run }, v);
  },
};
