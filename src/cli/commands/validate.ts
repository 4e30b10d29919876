// rnn-lab validate SPEC: every problem with path and line; exit 1 if any is an error. A valid spec's
// data is then read as training would read it (sizes, sequence lengths, format), so what train would
// refuse, validate refuses too.
import path from 'node:path';
import { formatProblems } from '../../spec/parse';
import { parseSpecFile } from '../../node/spec-io';
import { createTask, TaskDataError } from '../../tasks';
import { nodeTaskIO } from '../../node/task-io';
import { requirePositional, type Values } from '../args';
import { ALLOW_OUTSIDE_DATA_HELP, ALLOW_OUTSIDE_DATA_OPTION, dataAccessOf } from '../data-option';
import type { Command } from '../commands';
import { cliLang, renderCli, tr } from '../lang';

export const validate: Command = {
  args: 'SPEC [--allow-outside-data]',
  summary: 'check a spec and its data: every problem with its key path and line',
  help: `Options:
${ALLOW_OUTSIDE_DATA_HELP}`,
  options: { ...ALLOW_OUTSIDE_DATA_OPTION },
  async run(pos: string[], v: Values): Promise<number> {
    const specPath = path.resolve(requirePositional(pos, 'spec', `rnn-lab validate ${this.args}`));
    const access = dataAccessOf(v, specPath);
    const { spec, problems } = parseSpecFile(specPath, access);
    const errors = problems.filter((p) => p.severity === 'error').length;
    if (problems.length > 0) console.error(formatProblems(specPath, problems, cliLang()));
    if (errors === 0 && spec) {
      try {
        createTask(spec, path.dirname(specPath), nodeTaskIO(access));
      } catch (e) {
        if (!(e instanceof TaskDataError)) throw e;
        console.error(`${e.file !== undefined ? '' : `${specPath}: `}${renderCli(e.msg)}`);
        console.log(tr('cli.validate.dataError', { path: specPath }));
        return 1;
      }
    }
    const summary =
      errors > 0
        ? tr('cli.validate.errors', { count: errors, path: specPath })
        : problems.length > 0
          ? tr('cli.validate.validWarnings', { path: specPath, count: problems.length })
          : tr('cli.validate.valid', { path: specPath });
    console.log(summary);
    return errors > 0 ? 1 : 0;
  },
};
