// rnn-lab grads SPEC --weights W --batch B: loss, head outputs and gradients as JSON (the interop check).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { computeGrads } from '../../engine/grads';
import { readSafetensors } from '../../engine/safetensors';
import { parseSpec } from '../../spec/parse';
import { UserError } from '../../messages/errors';
import { SpecError } from '../../train/spec-error';
import { requirePositional, stringOption, type Values } from '../args';
import type { Command } from '../commands';
import { msg } from '../../messages/render';

export const grads: Command = {
  args: 'SPEC --weights W.safetensors --batch B.json [--dtype float64]',
  summary: 'loss, outputs and every gradient for given weights and batch, as JSON (compare with PyTorch)',
  help: `Every size comes from the weights; the spec gives only model.cell, activation and residual (with timeResidual; a transformer: model.heads); its task is ignored.
The batch file is {"inputs", "targets", "loss": "cross-entropy" | "mse", "at": "every" | "last"}.
Options:
  --dtype float32|float64   arithmetic precision (default float64)`,
  options: { weights: { type: 'string' }, batch: { type: 'string' }, dtype: { type: 'string' } },
  async run(pos: string[], v: Values): Promise<number> {
    const usage = `rnn-lab grads ${this.args}`;
    const specPath = path.resolve(requirePositional(pos, 'spec', usage));
    const weightsPath = stringOption(v, 'weights');
    const batchPath = stringOption(v, 'batch');
    if (!weightsPath || !batchPath) throw new UserError(msg('cli.optionRequired', { option: '--weights W.safetensors --batch B.json', usage }));
    const dtype = stringOption(v, 'dtype') ?? 'float64';
    if (dtype !== 'float32' && dtype !== 'float64') throw new UserError(msg('grads.badDtype', { got: String(dtype) }));

    const { spec, problems } = parseSpec(readUserFile(specPath).toString('utf8')); // no data-file check: the task is ignored
    if (!spec) throw new SpecError(specPath, problems);
    const weights = wrap(weightsPath, () => readSafetensors(new Uint8Array(readUserFile(weightsPath))));
    const batch = wrap(batchPath, () => JSON.parse(readUserFile(batchPath).toString('utf8')));
    const { cell, activation, residual, heads, timeResidual } = spec.model;
    const model = { cell, activation, residual, heads, ...(timeResidual ? { timeKeep: timeResidual.keep } : {}) };
    const result = wrap(`${path.basename(weightsPath)} + ${path.basename(batchPath)}`, () => computeGrads(model, weights, batch, dtype));
    process.stdout.write(JSON.stringify(result) + '\n');
    return 0;
  },
};

function readUserFile(p: string): Buffer {
  try {
    return readFileSync(p);
  } catch (e) {
    throw new UserError(
      (e as NodeJS.ErrnoException).code === 'ENOENT'
        ? msg('error.noSuchFile', { file: p })
        : msg('error.fileReason', { file: p, reason: (e as Error).message }),
    );
  }
}

/** The engine's messages about malformed weights or batches are the user's to fix. */
function wrap<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(msg('error.fileReason', { file: what, reason: (e as Error).message }));
  }
}
