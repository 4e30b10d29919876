// rnn-lab delete RUN: removes one run folder, with the same safety as the runs view's Delete Run:
// only a real folder directly inside a real .rnn-lab/runs/ (no symbolic link at any level).
import path from 'node:path';
import { nodeRunStore } from '../../node/run-store';
import { findWorkspaceRoot } from '../../node/workspace-root';
import { asUserError, UserError } from '../../messages/errors';
import { requirePositional, stringOption, type Values } from '../args';
import type { Command } from '../commands';
import { tr } from '../lang';
import { msg } from '../../messages/render';

export const deleteRun: Command = {
  args: 'RUN [--force]',
  summary: 'delete a recorded run (its folder under .rnn-lab/runs/)',
  help: `RUN is a run id from \`rnn-lab runs\` (or a unique prefix of one). There is no confirmation.

Options:
  --force           also delete a run that is still training (its process is alive)
  --workspace DIR   where .rnn-lab/ is kept (default: the nearest folder with .git, else the current folder)`,
  options: { force: { type: 'boolean' }, workspace: { type: 'string' } },
  async run(pos: string[], v: Values): Promise<number> {
    const query = requirePositional(pos, 'run', `rnn-lab delete ${this.args}`);
    const root = stringOption(v, 'workspace') ?? findWorkspaceRoot(path.join(process.cwd(), 'x.rnn.json'));
    const store = nodeRunStore(root);
    const unsafe = store.unsafeReason();
    if (unsafe) throw new UserError(msg('delete.unsafe', { id: query, reason: unsafe }));
    if (query === 'latest') throw new UserError(msg('delete.noLatest'));
    const run = store.resolve(query); // refuses with a UserError
    // A run still 'running' after reading has a live process (a dead one reads back as interrupted).
    if (run.status === 'running' && v.force !== true) {
      throw new UserError(msg('delete.stillTraining', { id: run.id, pid: run.pid, host: run.hostname }));
    }
    try {
      store.delete(run.id);
    } catch (e) {
      throw asUserError(e);
    }
    console.log(tr('cli.deleted', { id: run.id, folder: run.folder }));
    return 0;
  },
};
