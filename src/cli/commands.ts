// The command table: one module per command under ./commands/.
import type { Values } from './args';
import { bench } from './commands/bench';
import { deleteRun } from './commands/delete';
import { exportCommand } from './commands/export';
import { grads } from './commands/grads';
import { gradcheck } from './commands/gradcheck';
import { resume } from './commands/resume';
import { runs } from './commands/runs';
import { sample } from './commands/sample';
import { train } from './commands/train';
import { twin } from './commands/twin';
import { validate } from './commands/validate';

export interface Command {
  args: string;
  summary: string;
  help?: string;
  options: Record<string, { type: 'string' | 'boolean'; short?: string }>;
  run(positionals: string[], values: Values): Promise<number>;
}

export const commands: Record<string, Command> = {
  train,
  resume,
  validate,
  runs,
  sample,
  delete: deleteRun,
  grads,
  gradcheck,
  bench,
  twin,
  export: exportCommand,
};
