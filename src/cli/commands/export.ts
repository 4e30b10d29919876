// rnn-lab export SPEC --out DIR [--from RUN] [--copy-data]: a PyTorch project for the spec.
import path from 'node:path';
import { exportToPytorch } from '../../export/export';
import { UserError } from '../../messages/errors';
import { requirePositional, stringOption, type Values } from '../args';
import { tr } from '../lang';
import type { Command } from '../commands';
import { msg } from '../../messages/render';

export const exportCommand: Command = {
  args: 'SPEC --out DIR [--from RUN] [--copy-data]',
  summary: 'write a PyTorch project (model.py, data.py, train.py) that trains the spec and records its run here',
  help: `Writes DIR/model.py, data.py, train.py, spec.rnn.json and README.md (the exact commands).
Options:
  --out DIR         the folder to write (created if needed)
  --from RUN        start from a run's weights: a run id (or unique prefix, or 'latest'), a run folder
                    or a weights.safetensors; copied in as DIR/weights.safetensors
  --copy-data       copy the spec's data file into DIR/data/ (default: read it where it is)
  --workspace DIR   where .rnn-lab/ is kept, for --from (default: the spec's nearest folder with .git)`,
  options: { out: { type: 'string' }, from: { type: 'string' }, 'copy-data': { type: 'boolean' }, workspace: { type: 'string' } },
  async run(pos: string[], v: Values): Promise<number> {
    const usage = `rnn-lab export ${this.args}`;
    const specPath = requirePositional(pos, 'spec', usage);
    const out = stringOption(v, 'out');
    if (!out) throw new UserError(msg('cli.optionRequired', { option: '--out DIR', usage }));
    const result = exportToPytorch({
      specPath,
      outDir: out,
      from: stringOption(v, 'from'),
      copyData: v['copy-data'] === true,
      workspaceRoot: stringOption(v, 'workspace'),
    });
    const rel = path.relative(process.cwd(), result.outDir) || '.';
    console.log(tr('cli.export.done', { spec: path.basename(specPath), dir: result.outDir, files: result.files.join(', ') }));
    console.log(tr('cli.export.trainIt', { command: `cd ${rel} && python3 train.py` }));
    console.log(tr('cli.export.seeReadme', { readme: result.readmePath }));
    return 0;
  },
};
