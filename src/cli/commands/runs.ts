// rnn-lab runs: the workspace's recorded runs, newest first.
import { nodeRunStore } from '../../node/run-store';
import { findWorkspaceRoot } from '../../node/workspace-root';
import { stringOption, type Values } from '../args';
import type { Command } from '../commands';
import { tr } from '../lang';
import { tableLines } from '../text-width';
import { formatDuration } from '../progress-view';
import path from 'node:path';

export const runs: Command = {
  args: '[--json]',
  summary: 'list the recorded runs of this workspace',
  help: `Options:
  --json            an array of {id, name, status, createdAt, bestValLoss, ...}
  --workspace DIR   where .rnn-lab/ is kept (default: the nearest folder with .git, else the current folder)`,
  options: { json: { type: 'boolean' }, workspace: { type: 'string' } },
  async run(_pos: string[], v: Values): Promise<number> {
    const root = stringOption(v, 'workspace') ?? findWorkspaceRoot(path.join(process.cwd(), 'x.rnn.json'));
    const store = nodeRunStore(root);
    const unsafe = store.unsafeReason();
    if (unsafe) console.error(tr('cli.runs.noneListed', { reason: unsafe }));
    const list = store.list();
    if (v.json === true) {
      console.log(
        JSON.stringify(
          list.map((r) => ({ ...r, bestValLoss: r.summary?.bestValLoss ?? null })),
          null,
          2,
        ),
      );
      return 0;
    }
    if (list.length === 0) {
      if (unsafe) return 0;
      console.log(tr('cli.runs.none', { dir: path.join(root, '.rnn-lab', 'runs') }));
      return 0;
    }
    const rows = list.map((r) => [
      r.id,
      r.trainedBy === 'pytorch'
        ? `${tr(`status.${r.status}`)} (PyTorch)`
        : r.trainedBy
          ? `${tr(`status.${r.status}`)} (${r.trainedBy})`
          : tr(`status.${r.status}`),
      String(r.summary?.steps ?? 0),
      r.summary?.bestValLoss !== undefined ? r.summary.bestValLoss.toFixed(4) : '—',
      tr('cli.runs.ago', { time: formatDuration(Date.now() - Date.parse(r.createdAt)) }),
    ]);
    const head = [tr('cli.runs.id'), tr('cli.runs.status'), tr('cli.runs.steps'), tr('cli.runs.bestVal'), tr('cli.runs.created')];
    for (const line of tableLines([head, ...rows])) console.log(line);
    return 0;
  },
};
