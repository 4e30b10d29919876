// The small typed surface activate() returns, so the integration tests can watch what a user sees.
import type * as vscode from 'vscode';
import type { PanelManager, PanelMessage } from './panel/panel-manager';
import type { RunIndex } from './runs/run-index';
import type { SessionManager } from './training/session-manager';
import type { Notice } from './util/notify';

export interface RnnLabApi {
  /** Training sessions: running, latestFor(specPath), byRunId(id), onEvent, onDidEnd. */
  readonly sessions: SessionManager;
  /** Open run panels: get(runIds), all(), each with posted message types and showTab(); restore(panel, state) is the serializer's work. */
  readonly panels: PanelManager;
  /** The runs the Runs view shows (list(), get(id), refresh()). */
  readonly runs: RunIndex;
  /** The training status bar item's text right now ('' when hidden). */
  lastStatusText(): string;
  /** The inline loss decoration text for a spec (undefined: none). */
  decorationsFor(uri: vscode.Uri): string | undefined;
  /** Messages posted by any panel (ready, rendered, sample …). */
  readonly onPanelMessage: vscode.Event<PanelMessage>;
  /** Every notification the extension shows (level, message, buttons; notice.run(button) presses one). */
  readonly onDidNotify: vscode.Event<Notice>;
}
