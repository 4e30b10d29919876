// Every non-modal message the extension shows goes through notify(): the buttons come with what they
// do, warnings and errors also land in the log, and each notice is announced on onDidNotify (the
// test API exposes it, and a test can press a button through notice.run).
import * as vscode from 'vscode';
import { log } from './log';

export type NoticeLevel = 'info' | 'warning' | 'error';

/** Button label → what pressing it does. */
export type NoticeActions = Record<string, () => unknown>;

export interface Notice {
  level: NoticeLevel;
  message: string;
  /** The buttons' labels, in order. */
  actions: string[];
  /** Does what pressing the button labelled `action` does. */
  run(action: string): Promise<unknown>;
}

const noticeEmitter = new vscode.EventEmitter<Notice>();
export const onDidNotify = noticeEmitter.event;

const SHOW: Record<NoticeLevel, (message: string, ...items: string[]) => Thenable<string | undefined>> = {
  info: (m, ...items) => vscode.window.showInformationMessage(m, ...items),
  warning: (m, ...items) => vscode.window.showWarningMessage(m, ...items),
  error: (m, ...items) => vscode.window.showErrorMessage(m, ...items),
};

export function notify(level: NoticeLevel, message: string, actions: NoticeActions = {}): Notice {
  const notice: Notice = {
    level,
    message,
    actions: Object.keys(actions),
    run: async (action) => actions[action]?.(),
  };
  if (level === 'error') log.error(message);
  else if (level === 'warning') log.warn(message);
  void SHOW[level](message, ...notice.actions).then((picked) => picked !== undefined && notice.run(picked));
  noticeEmitter.fire(notice);
  return notice;
}

/** The "Show Log" button. */
export const SHOW_LOG: NoticeActions = { [vscode.l10n.t('Show Log')]: () => log.show(true) };
