// rnn-lab twin SPEC: write the spec's twin of the other family (a Transformer for a recurrent spec,
// an LSTM for a Transformer), with about the same number of parameters, next to it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTask } from '../../tasks';
import { UserError } from '../../messages/errors';
import { loadSpec } from '../../node/load-spec';
import { twinOf, twinSpecText } from '../../train/twin';
import { requirePositional, stringOption, type Values } from '../args';
import { tr } from '../lang';
import type { Command } from '../commands';
import { msg } from '../../messages/render';

export const twin: Command = {
  args: 'SPEC [--out FILE] [--force]',
  summary: "write the spec's twin of the other family with a matched parameter count",
  help: `The twin keeps the task and training and swaps the model: a recurrent spec's twin is a causal
Transformer, a Transformer's twin an LSTM, with the same number of layers and the width whose
parameter count is closest. Train both and compare them (Compare Runs), or measure both over
sequence lengths with \`rnn-lab bench SPEC --seq 16,32,64,128,256,512 --twin\`.

Options:
  --out FILE   where to write it (default: next to SPEC, named <spec>-transformer.rnn.json or <spec>-lstm.rnn.json)
  --force      overwrite an existing file`,
  options: { out: { type: 'string' }, force: { type: 'boolean' } },
  async run(pos: string[], v: Values): Promise<number> {
    const specPath = path.resolve(requirePositional(pos, 'spec', `rnn-lab twin ${this.args}`));
    const { spec, text } = loadSpec(specPath);
    const task = createTask(spec, path.dirname(specPath), { readText: (p) => readFileSync(p, 'utf8') });
    const t = twinOf(spec, task);
    const suffix = spec.model.cell === 'transformer' ? 'lstm' : 'transformer';
    const out = path.resolve(stringOption(v, 'out') ?? specPath.replace(/(\.rnn)?\.json$/, `-${suffix}.rnn.json`));
    if (existsSync(out) && v.force !== true) throw new UserError(msg('twin.exists', { path: out }));
    writeFileSync(out, twinSpecText(text, t));
    console.log(tr('cli.twin.wrote', { file: path.relative(process.cwd(), out) || out, model: JSON.stringify(t.model) }));
    // exact counts (not "35.9 thousand"): the user compares them
    console.log(tr('cli.twin.count', { n: t.parameterCount.toLocaleString('en-US'), source: t.sourceParameterCount.toLocaleString('en-US') }));
    return 0;
  },
};
