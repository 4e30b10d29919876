// Development only: builds the panel and a fake host, opens them in headless Chromium with the real
// CSP, and saves a screenshot per tab.   node webview/dev/preview.mjs [outDir] [--compare]
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const outDir = path.resolve(process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : '/tmp/rnn-lab-preview');
const compare = process.argv.includes('--compare');
mkdirSync(outDir, { recursive: true });
await esbuild.build({ bundle: true, platform: 'browser', format: 'iife', entryPoints: ['webview/dev/fake-host.ts'], outfile: path.join(outDir, 'fake-host.js') });
await esbuild.build({ bundle: true, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: ['webview/main.ts'], outfile: path.join(outDir, 'webview.js'), loader: { '.css': 'css' } });
const vars = {
  '--vscode-foreground': '#cccccc', '--vscode-descriptionForeground': '#9d9d9d', '--vscode-editor-background': '#1f1f1f',
  '--vscode-editorWidget-border': '#454545', '--vscode-font-family': 'system-ui, sans-serif', '--vscode-font-size': '13px',
  '--vscode-editor-font-family': 'monospace', '--vscode-charts-blue': '#3794ff', '--vscode-charts-orange': '#d18616',
  '--vscode-charts-green': '#89d185', '--vscode-charts-purple': '#b180d7', '--vscode-charts-yellow': '#cca700',
  '--vscode-charts-red': '#f14c4c', '--vscode-button-background': '#0078d4', '--vscode-textLink-foreground': '#4daafc',
  '--vscode-textBlockQuote-background': '#2b2b2b', '--vscode-textCodeBlock-background': '#2b2b2b',
  '--vscode-editorHoverWidget-background': '#202020', '--vscode-editorHoverWidget-foreground': '#ccc', '--vscode-editorHoverWidget-border': '#454545',
};
const nonce = 'devnonce';
const html = `<!DOCTYPE html><html><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'self' 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta property="csp-nonce" content="${nonce}">
<style nonce="${nonce}">:root{${Object.entries(vars).map(([k, v]) => `${k}:${v}`).join(';')}}</style>
<link rel="stylesheet" href="webview.css" nonce="${nonce}"></head>
<body><div id="app"></div><script nonce="${nonce}" src="fake-host.js"></script><script nonce="${nonce}" src="webview.js"></script></body></html>`;
writeFileSync(path.join(outDir, 'index.html'), html);

const browser = await chromium.launch({ executablePath: '/usr/lib/chromium/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
const problems = [];
page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(`${m.type()}: ${m.text()}`));
page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
// file:// and 'self' do not match under CSP in Chromium: serve the folder over a local http server.
const http = await import('node:http');
const fs = await import('node:fs');
const server = http.createServer((req, res) => {
  const f = path.join(outDir, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  try {
    const body = fs.readFileSync(f);
    res.writeHead(200, { 'content-type': f.endsWith('.js') ? 'text/javascript' : f.endsWith('.css') ? 'text/css' : 'text/html' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;
for (const tab of ['overview', 'loss', 'gradients', 'hidden', 'parallelism', 'model', 'samples']) {
  await page.goto(`http://127.0.0.1:${port}/index.html?tab=${tab}${compare ? '&compare=1' : ''}`);
  await page.waitForTimeout(800);
  if (tab === 'samples') {
    await page.locator('vscode-button', { hasText: 'Sample' }).click();
    await page.waitForTimeout(300);
  }
  if (tab === 'hidden') {
    const box = await page.locator('.heatmap > canvas').first().boundingBox();
    if (box) await page.mouse.move(box.x + 200, box.y + 100);
    await page.waitForTimeout(100);
  }
  await page.screenshot({ path: path.join(outDir, `${tab}${compare ? '-compare' : ''}.png`), fullPage: true });
  const rendered = await page.evaluate(() => window.__messages.filter((m) => m.type === 'rendered').map((m) => JSON.stringify(m.detail)));
  console.log(tab, rendered.join(' '));
}
console.log(problems.length ? problems.join('\n') : 'no console errors');
await browser.close();
server.close();
