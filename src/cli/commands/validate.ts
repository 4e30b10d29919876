// rnn-lab validate SPEC: every problem with path and line; exit 1 if any is an error. A valid spec's
// data is then read as training would read it (sizes, sequence lengths, format), so what train would
// refuse, validate refuses too.
import path from 'node:path';
import { formatProblems } from '../../spec/parse';
import { parseSpecFile } from '../../node/spec-io';
import { createTask, TaskDataError } from '../../tasks';
import { nodeTaskIO } from '../../train/task-io';
import { requirePositional, type Values } from '../args';
import { ALLOW_OUTSIDE_DATA_HELP, ALLOW_OUTSIDE_DATA_OPTION, dataAccessOf } from '../data-option';
import type { Command } from '../commands';

export const validate: Command = {
  args: 'SPEC [--allow-outside-data]',
  summary: 'check a spec and its data: every problem with its key path and line',
  help: `Options:
${ALLOW_OUTSIDE_DATA_HELP}`,
  options: { ...ALLOW_OUTSIDE_DATA_OPTION },
  async run(pos: string[], v: Values): Promise<number> {
    const specPath = path.resolve(requirePositional(pos, 'SPEC', `rnn-lab validate ${this.args}`));
    const access = dataAccessOf(v, specPath);
    const { spec, problems } = parseSpecFile(specPath, access);
    const errors = problems.filter((p) => p.severity === 'error').length;
    if (problems.length > 0) console.error(formatProblems(specPath, problems));
    if (errors === 0 && spec) {
      try {
        createTask(spec, path.dirname(specPath), nodeTaskIO(access));
      } catch (e) {
        if (!(e instanceof TaskDataError)) throw e;
        console.error(`${e.file !== undefined ? '' : `${specPath}: `}${e.message}`);
        console.log(`1 error in the data of ${specPath}`);
        return 1;
      }
    }
    console.log(errors > 0 ? `${errors} error(s) in ${specPath}` : `${specPath}: valid${problems.length ? ` (${problems.length} warning(s))` : ''}`);
    return errors > 0 ? 1 : 0;
  },
};
