// Which run(s) a command is about: its argument (a tree node, {runId}, a spec Uri), the tree's
// multi-selection, or a quick pick.
import { renderUi } from '../util/lang';
import { msg } from '../../messages/render';
import * as vscode from 'vscode';
import { formatAge, formatLoss } from '../util/format';
import { notify } from '../util/notify';
import { isSpecUri } from '../specs/spec-files';
import type { IndexedRun, RunIndex } from './run-index';

function runIdOf(arg: unknown): string | undefined {
  const a = arg as { runId?: unknown; run?: { id?: unknown } } | undefined;
  if (typeof a?.runId === 'string') return a.runId;
  if (typeof a?.run?.id === 'string') return a.run.id;
  return undefined;
}

/** Runs named by a command's (node, selectedNodes) arguments, or by a run id list. */
export function runIdsOf(arg: unknown, selection: unknown): string[] {
  const ids = new Set<string>();
  const all = Array.isArray(selection) ? selection : Array.isArray(arg) ? arg : [arg];
  for (const a of all) {
    const id = typeof a === 'string' ? a : runIdOf(a);
    if (id) ids.add(id);
  }
  const list = (arg as { runIds?: unknown } | undefined)?.runIds;
  if (Array.isArray(list)) for (const id of list) if (typeof id === 'string') ids.add(id);
  return [...ids];
}

/** The newest run of a spec, if the argument is a spec. */
export function latestRunOfSpec(index: RunIndex, arg: unknown): IndexedRun | undefined {
  const uri = arg instanceof vscode.Uri ? arg : (arg as { resourceUri?: vscode.Uri } | undefined)?.resourceUri;
  return isSpecUri(uri) ? index.forSpec(uri.fsPath)[0] : undefined;
}

export async function pickRuns(index: RunIndex, opts: { many: boolean; title: string; filter?: (r: IndexedRun) => boolean }): Promise<string[]> {
  const runs = index.list().filter(opts.filter ?? (() => true));
  if (runs.length === 0) {
    notify('info', vscode.l10n.t('No matching runs in this workspace yet.'));
    return [];
  }
  const items = runs.map((r) => ({
    label: r.name,
    description: vscode.l10n.t(
      '{0} · best val {1} · {2} ago',
      renderUi(msg(`status.${r.status}`)),
      formatLoss(r.summary?.bestValLoss),
      formatAge(Date.parse(r.createdAt)),
    ),
    detail: r.id,
    id: r.id,
  }));
  if (opts.many) {
    const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: opts.title });
    return picked?.map((p) => p.id) ?? [];
  }
  const picked = await vscode.window.showQuickPick(items, { title: opts.title });
  return picked ? [picked.id] : [];
}
