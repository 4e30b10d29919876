// rnn-lab validate SPEC: every problem with path and line; exit 1 if any is an error.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { formatProblems, parseSpec } from '../../spec/parse';
import { UserError } from '../../train/errors';
import { requirePositional, type Values } from '../args';
import type { Command } from '../commands';

export const validate: Command = {
  args: 'SPEC',
  summary: 'check a spec: every problem with its key path and line',
  options: {},
  async run(pos: string[], _v: Values): Promise<number> {
    const specPath = path.resolve(requirePositional(pos, 'SPEC', 'rnn-lab validate SPEC'));
    if (!existsSync(specPath)) throw new UserError(`${specPath}: no such spec file`);
    const { problems } = parseSpec(readFileSync(specPath, 'utf8'), {
      specDir: path.dirname(specPath),
      fileExists: (p) => existsSync(p) && statSync(p).isFile(),
    });
    const errors = problems.filter((p) => p.severity === 'error').length;
    if (problems.length > 0) console.error(formatProblems(specPath, problems));
    console.log(errors > 0 ? `${errors} error(s) in ${specPath}` : `${specPath}: valid${problems.length ? ` (${problems.length} warning(s))` : ''}`);
    return errors > 0 ? 1 : 0;
  },
};
