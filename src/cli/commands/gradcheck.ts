// rnn-lab gradcheck SPEC: every parameter's gradient against finite differences, in float64.
import { nodeTaskIO } from '../../node/task-io';
import { ALLOW_OUTSIDE_DATA_HELP, ALLOW_OUTSIDE_DATA_OPTION, dataAccessOf } from '../data-option';
import path from 'node:path';
import { gradcheck as check } from '../../engine/gradcheck';
import { Rng } from '../../engine/rng';
import { createTask } from '../../tasks';
import { loadSpec } from '../../node/load-spec';
import { modelConfigFor } from '../../train/model-config-from-spec';
import { timeWindows } from '../../train/windows';
import { numberOption, requirePositional, type Values } from '../args';
import type { Command } from '../commands';
import { tr } from '../lang';
import { tableLines } from '../text-width';

const TOLERANCE = 1e-5;

export const gradcheck: Command = {
  args: 'SPEC',
  summary: 'check every parameter gradient against finite differences (float64)',
  help: `Uses the spec's model on a small batch of its task (2 sequences, at most --steps time steps).
Options:
  --per-tensor N   elements checked per tensor (default 64; all when a tensor is smaller)
  --steps N        time steps of the batch (default 12)
${ALLOW_OUTSIDE_DATA_HELP}`,
  options: { 'per-tensor': { type: 'string' }, steps: { type: 'string' }, ...ALLOW_OUTSIDE_DATA_OPTION },
  async run(pos: string[], v: Values): Promise<number> {
    const specPath = path.resolve(requirePositional(pos, 'spec', `rnn-lab gradcheck ${this.args}`));
    const access = dataAccessOf(v, specPath);
    const { spec } = loadSpec(specPath, access);
    spec.training.batchSize = 2;
    const task = createTask(spec, path.dirname(specPath), nodeTaskIO(access));
    const cfg = { ...modelConfigFor(spec, task), dtype: 'float64' as const };
    let batch = task.nextTrainBatch(new Rng(spec.training.seed));
    const T = numberOption(v, 'steps', { integer: true, min: 1 }) ?? 12;
    if (batch.T > T && task.at === 'every') batch = timeWindows(batch, T)[0];
    const rows = check(cfg, batch, { maxPerTensor: numberOption(v, 'per-tensor', { integer: true, min: 1 }) ?? 64, seed: spec.training.seed });
    const head = [tr('cli.gradcheck.parameter'), tr('cli.gradcheck.shape'), tr('cli.gradcheck.checked'), tr('cli.gradcheck.maxRelError')];
    const cells = rows.map((r) => [
      r.name,
      r.shape.join('×'),
      `${r.checked}/${r.total}`,
      `${r.maxRelError.toExponential(2)}${r.maxRelError > TOLERANCE ? '  ✗' : ''}`,
    ]);
    for (const line of tableLines([head, ...cells], [false, false, true, false])) console.log(line);
    const worst = Math.max(...rows.map((r) => r.maxRelError));
    const args = { worst: worst.toExponential(2), tolerance: TOLERANCE };
    console.log(worst <= TOLERANCE ? tr('cli.gradcheck.ok', args) : tr('cli.gradcheck.failed', args));
    return worst <= TOLERANCE ? 0 : 1;
  },
};
