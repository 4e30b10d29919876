// The "RNN Lab" output channel: what training did and every error in full (the notifications say it
// in a line and offer "Show Log" for the rest). Created once; disposed with the extension.
import * as vscode from 'vscode';

export const log: vscode.LogOutputChannel = vscode.window.createOutputChannel('RNN Lab', { log: true });
