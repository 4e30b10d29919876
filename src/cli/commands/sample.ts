// rnn-lab sample RUN: text from a trained char-lm or word-lm run.
import path from 'node:path';
import { nodeRunStore } from '../../node/run-store';
import { findWorkspaceRoot } from '../../node/workspace-root';
import { sampleFromRun } from '../../train/sample';
import { numberOption, requirePositional, stringOption, type Values } from '../args';
import type { Command } from '../commands';

export const sample: Command = {
  args: 'RUN [--length N] [--temperature T] [--prime TEXT]',
  summary: 'generate text from a trained char-lm or word-lm run',
  help: `Options:
  --length N        tokens to generate (default 300)
  --temperature T   0 = always the likeliest token, 1 = the model's distribution (default 0.8)
  --prime TEXT      text to start from (default: a newline)
  --seed N          sampling seed (default 1)
  --workspace DIR   where .rnn-lab/ is kept (default: the nearest folder with .git, else the current folder)`,
  options: {
    length: { type: 'string' },
    temperature: { type: 'string' },
    prime: { type: 'string' },
    seed: { type: 'string' },
    workspace: { type: 'string' },
  },
  async run(pos: string[], v: Values): Promise<number> {
    const runId = requirePositional(pos, 'run', `rnn-lab sample ${this.args}`);
    const root = stringOption(v, 'workspace') ?? findWorkspaceRoot(path.join(process.cwd(), 'x.rnn.json'));
    const text = sampleFromRun(nodeRunStore(root), runId, {
      length: numberOption(v, 'length', { integer: true, min: 1 }) ?? 300,
      temperature: numberOption(v, 'temperature', { min: 0 }) ?? 0.8,
      prime: stringOption(v, 'prime'),
      seed: numberOption(v, 'seed', { integer: true }),
    });
    process.stdout.write(text + '\n');
    return 0;
  },
};
