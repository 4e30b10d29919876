// rnn-lab validate SPEC: every problem with path and line; exit 1 if any is an error.
import path from 'node:path';
import { formatProblems } from '../../spec/parse';
import { parseSpecFile } from '../../node/spec-io';
import { requirePositional, type Values } from '../args';
import type { Command } from '../commands';

export const validate: Command = {
  args: 'SPEC',
  summary: 'check a spec: every problem with its key path and line',
  options: {},
  async run(pos: string[], _v: Values): Promise<number> {
    const specPath = path.resolve(requirePositional(pos, 'SPEC', 'rnn-lab validate SPEC'));
    const { problems } = parseSpecFile(specPath);
    const errors = problems.filter((p) => p.severity === 'error').length;
    if (problems.length > 0) console.error(formatProblems(specPath, problems));
    console.log(errors > 0 ? `${errors} error(s) in ${specPath}` : `${specPath}: valid${problems.length ? ` (${problems.length} warning(s))` : ''}`);
    return errors > 0 ? 1 : 0;
  },
};
