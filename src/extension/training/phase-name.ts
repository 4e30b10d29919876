// A training session's phase in the display language: the run statuses from the catalogue, and the
// host's own "starting" (before the worker has made a run). The status bar and the inline loss both say it.
import * as vscode from 'vscode';
import { msg } from '../../messages/render';
import { renderUi } from '../util/lang';
import type { SessionPhase } from './training-session';

export function phaseName(phase: SessionPhase): string {
  return phase === 'starting' ? vscode.l10n.t('starting') : renderUi(msg(`status.${phase}`));
}
