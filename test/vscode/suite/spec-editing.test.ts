// Spec editing: activation on a *.rnn.json, CodeLens, diagnostics as the user types, Validate Spec,
// New Spec from Template.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, api, closeAllEditors, specUri, waitFor, workspaceRoot } from './rnn-lab';

const rnnLabDiagnostics = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'rnn-lab');

suite('spec editing', () => {
  suiteTeardown(closeAllEditors);

  test('activates on a *.rnn.json and returns its test API', async () => {
    await vscode.window.showTextDocument(specUri('tiny-adding'));
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await waitFor('activation', () => ext.isActive);
    const a = await api();
    assert.equal(typeof a.lastStatusText, 'function');
    assert.ok(a.runs && a.sessions && a.panels);
  });

  test('CodeLens offers ▶ Train and Open Panel on a spec', async () => {
    const lenses = await waitFor('code lenses', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', specUri('tiny-adding'));
      return l?.length ? l : undefined;
    });
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.includes('▶ Train'), titles.join(' | '));
    assert.ok(titles.includes('Open Panel'), titles.join(' | '));
  });

  test('a broken spec shows its problems as the user types, and they clear when fixed', async () => {
    const uri = vscode.Uri.file(join(workspaceRoot(), 'broken.rnn.json'));
    writeFileSync(uri.fsPath, readFileSync(specUri('tiny-char').fsPath, 'utf8'));
    const editor = await vscode.window.showTextDocument(uri);
    await waitFor('a valid spec to have no problems', () => rnnLabDiagnostics(uri).length === 0 || undefined, 5000).catch(() => undefined);
    assert.equal(rnnLabDiagnostics(uri).length, 0, 'the copy of tiny-char should be valid');

    const text = editor.document.getText();
    const edit = new vscode.WorkspaceEdit();
    const replace = (from: string, to: string): void => {
      const at = text.indexOf(from);
      assert.ok(at >= 0, from);
      edit.replace(uri, new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + from.length)), to);
    };
    replace('"cell": "lstm"', '"cell": "lstn"');
    replace('data/ballads-excerpt.txt', 'data/missing.txt');
    await vscode.workspace.applyEdit(edit);
    const diags = await waitFor('diagnostics for the broken spec', () => (rnnLabDiagnostics(uri).length >= 2 ? rnnLabDiagnostics(uri) : undefined));
    const messages = diags.map((d) => d.message).join('\n');
    assert.match(messages, /lstn/);
    assert.match(messages, /missing\.txt/);
    assert.ok(
      diags.every((d) => d.range.start.line > 0),
      'each problem is placed on its line',
    );

    const count = await vscode.commands.executeCommand<number>('rnnLab.validate', uri);
    assert.ok(count !== undefined && count >= 2, `Validate Spec counted ${count}`);
    const refused = await vscode.commands.executeCommand('rnnLab.train', uri);
    assert.equal(refused, undefined, 'a spec with problems must not train');

    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('undo');
    await editor.document.save();
    await waitFor('problems to clear', () => rnnLabDiagnostics(uri).length === 0 || undefined);
    await closeAllEditors();
    rmSync(uri.fsPath, { force: true });
  });

  test("New Spec from Template writes the example and its data next to the user's files", async () => {
    const folder = join(workspaceRoot(), 'from-template');
    mkdirSync(folder, { recursive: true });
    const uri = await vscode.commands.executeCommand<vscode.Uri>('rnnLab.newSpec', { kind: 'char-lm', folder: vscode.Uri.file(folder) });
    assert.ok(uri && existsSync(uri.fsPath), 'spec written');
    assert.equal(uri.fsPath, join(folder, 'char-lm.rnn.json'));
    const text = readFileSync(uri.fsPath, 'utf8');
    assert.ok(!text.includes('$schema'), "the examples' relative $schema is dropped");
    assert.ok(existsSync(join(folder, 'data', 'ballads.txt')), 'data file copied');
    await waitFor('the new spec to validate clean', () => (vscode.languages.getDiagnostics(uri).length === 0 ? true : undefined), 5000);
    const again = await vscode.commands.executeCommand<vscode.Uri>('rnnLab.newSpec', { kind: 'char-lm', folder: vscode.Uri.file(folder) });
    assert.equal(again.fsPath, join(folder, 'char-lm-2.rnn.json'), 'never overwrites');
    await closeAllEditors();
    rmSync(folder, { recursive: true, force: true });
  });
});
