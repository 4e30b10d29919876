// rnn-lab runs: the workspace's recorded runs, newest first.
import { RunStore } from '../../runs/run-store';
import { findWorkspaceRoot } from '../../runs/workspace-root';
import { stringOption, type Values } from '../args';
import type { Command } from '../commands';
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
    const store = new RunStore(root);
    const unsafe = store.unsafeReason();
    if (unsafe) console.error(`rnn-lab: no runs listed: ${unsafe}`);
    const list = store.list();
    if (v.json === true) {
      console.log(JSON.stringify(list.map((r) => ({ ...r, bestValLoss: r.summary?.bestValLoss ?? null })), null, 2));
      return 0;
    }
    if (list.length === 0) {
      if (unsafe) return 0;
      console.log(`no runs in ${path.join(root, '.rnn-lab', 'runs')}`);
      return 0;
    }
    const rows = list.map((r) => [
      r.id,
      r.trainedBy === 'pytorch' ? `${r.status} (PyTorch)` : r.trainedBy ? `${r.status} (${r.trainedBy})` : r.status,
      String(r.summary?.steps ?? 0),
      r.summary?.bestValLoss !== undefined ? r.summary.bestValLoss.toFixed(4) : '—',
      `${formatDuration(Date.now() - Date.parse(r.createdAt))} ago`,
    ]);
    const head = ['id', 'status', 'steps', 'best val', 'created'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    for (const r of [head, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
    return 0;
  },
};
