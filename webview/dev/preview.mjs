// Development only: builds the panel and a fake host, opens them in headless Chromium with the real
// CSP, and saves a screenshot per tab.   node webview/dev/preview.mjs [outDir] [--compare]
// --transformer: the views of a Transformer run (attention, residual stream, gradients, model,
// parallelism with a measured sweep) and the sweep button and its progress, at 500 and 1200 px wide.
// --lang zh-cn: the panel in Simplified Chinese (the language the host names in `init`); files get a
// -zh-cn suffix. --widths 500,1200: each tab at these widths (files TAB[-LANG]-WIDTH.png).
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const outDir = path.resolve(process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : '/tmp/rnn-lab-preview');
const compare = process.argv.includes('--compare');
const transformerShots = process.argv.includes('--transformer');
const option = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const lang = option('--lang') === 'zh-cn' ? 'zh-cn' : 'en';
const widths = option('--widths')
  ?.split(',')
  .map(Number)
  .filter((w) => w > 0);
const suffix = lang === 'en' ? '' : `-${lang}`;
/** Button labels the preview clicks, in the panel's language (src/messages catalogues). */
const LABEL = lang === 'zh-cn' ? { sample: '采样', measure: '按序列长度测量' } : { sample: 'Sample', measure: 'Measure over sequence lengths' };
mkdirSync(outDir, { recursive: true });
await esbuild.build({
  bundle: true,
  platform: 'browser',
  format: 'iife',
  entryPoints: ['webview/dev/fake-host.ts'],
  outfile: path.join(outDir, 'fake-host.js'),
});
await esbuild.build({
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  entryPoints: ['webview/main.ts'],
  outfile: path.join(outDir, 'webview.js'),
  loader: { '.css': 'css' },
});
const vars = {
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-editorWidget-border': '#454545',
  '--vscode-font-family': 'system-ui, sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-editor-font-family': 'monospace',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-purple': '#b180d7',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-button-background': '#0078d4',
  '--vscode-textLink-foreground': '#4daafc',
  '--vscode-textBlockQuote-background': '#2b2b2b',
  '--vscode-textCodeBlock-background': '#2b2b2b',
  '--vscode-editorHoverWidget-background': '#202020',
  '--vscode-editorHoverWidget-foreground': '#ccc',
  '--vscode-editorHoverWidget-border': '#454545',
};
const nonce = 'devnonce';
const html = `<!DOCTYPE html><html><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'self' 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta property="csp-nonce" content="${nonce}">
<style nonce="${nonce}">:root{${Object.entries(vars)
  .map(([k, v]) => `${k}:${v}`)
  .join(';')}}</style>
<link rel="stylesheet" href="webview.css" nonce="${nonce}"></head>
<body><div id="app"></div><script nonce="${nonce}" src="fake-host.js"></script><script nonce="${nonce}" src="webview.js"></script></body></html>`;
writeFileSync(path.join(outDir, 'index.html'), html);

const browser = await chromium.launch({
  executablePath: '/usr/lib/chromium/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
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
async function shot(name, query, width, act) {
  await page.setViewportSize({ width, height: 900 });
  await page.goto(`http://127.0.0.1:${port}/index.html?${query}&lang=${lang}`);
  await page.waitForTimeout(900);
  if (act) await act();
  await page.screenshot({ path: path.join(outDir, `${name}${suffix}-${width}.png`), fullPage: true });
  const rendered = await page.evaluate(() => window.__messages.filter((m) => m.type === 'rendered').map((m) => JSON.stringify(m.detail)));
  console.log(`${name}${suffix}-${width}`, rendered.slice(-1).join(' '));
}

const hoverCanvas = (fx, fy) => async () => {
  const canvas = page.locator('.heatmap > canvas').filter({ visible: true }).first();
  const box = await canvas.boundingBox();
  if (box) await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
  await page.waitForTimeout(150);
  console.log(
    '  tooltip:',
    await page
      .locator('.heatmap-tooltip')
      .filter({ visible: true })
      .first()
      .textContent({ timeout: 500 })
      .catch(() => 'none'),
  );
};

const tabs = transformerShots ? [] : ['overview', 'loss', 'gradients', 'hidden', 'parallelism', 'model', 'samples'];
if (transformerShots) {
  for (const width of [500, 1200]) {
    await shot('attention', 'model=transformer&tab=attention', width, hoverCanvas(0.55, width > 800 ? 0.35 : 0.7));
    await shot('attention-mean-layer2', 'model=transformer&tab=attention', width, async () => {
      await page.evaluate(() => window.__send({ type: 'showTab', tab: 'attention' }));
      const dd = page.locator('vscode-panel-view:not([hidden]) vscode-dropdown');
      await dd.nth(0).evaluate((d) => {
        d.value = '1';
        d.dispatchEvent(new Event('change'));
      });
      await page.waitForTimeout(200);
      await page
        .locator('vscode-panel-view:not([hidden]) vscode-dropdown')
        .nth(1)
        .evaluate((d) => {
          d.value = '-1';
          d.dispatchEvent(new Event('change'));
        });
      await page.waitForTimeout(300);
    });
    await shot('attention-early', 'model=transformer&tab=attention', width, async () => {
      await page.locator('vscode-panel-view:not([hidden]) input[type=range]').first().fill('0');
      await page.waitForTimeout(300);
    });
    await shot('attention-words', 'model=transformer&tokens=words&tab=attention', width, hoverCanvas(0.4, 0.5));
    await shot('attention-latest-only', 'model=transformer&history=0&tab=attention&steps=3000', width);
    await shot('residual', 'model=transformer&tab=hidden', width, hoverCanvas(0.5, 0.3));
    await shot('overview-transformer', 'model=transformer&tab=overview', width);
    await shot('gradients-transformer', 'model=transformer&tab=gradients', width);
    await shot('model-transformer', 'model=transformer&tab=model', width);
    await shot('parallelism-transformer', 'model=transformer&tab=parallelism', width);
    await shot('parallelism-lstm-sweep', 'tab=parallelism', width);
    await shot('parallelism-lstm-button', 'tab=parallelism&sweep=0', width);
    await shot('parallelism-lstm-progress', 'tab=parallelism&sweep=0&sweepStop=5', width, async () => {
      await page.locator('vscode-button', { hasText: LABEL.measure }).click();
      await page.waitForTimeout(600);
    });
    await shot('parallelism-lstm-error', 'tab=parallelism&sweep=0&sweepError=1', width, async () => {
      await page.locator('vscode-button', { hasText: LABEL.measure }).click();
      await page.waitForTimeout(900);
    });
    await shot('gradients-lstm', 'tab=gradients', width);
  }
}
for (const [tab, width] of tabs.flatMap((tab) => (widths ?? [undefined]).map((w) => [tab, w]))) {
  if (width) await page.setViewportSize({ width, height: 900 });
  await page.goto(`http://127.0.0.1:${port}/index.html?tab=${tab}${compare ? '&compare=1' : ''}&lang=${lang}`);
  await page.waitForTimeout(800);
  if (tab === 'samples') {
    await page.locator('vscode-button', { hasText: LABEL.sample }).click();
    await page.waitForTimeout(300);
  }
  if (tab === 'hidden') {
    const box = await page.locator('.heatmap > canvas').first().boundingBox();
    if (box) await page.mouse.move(box.x + 200, box.y + 100);
    await page.waitForTimeout(100);
  }
  await page.screenshot({ path: path.join(outDir, `${tab}${compare ? '-compare' : ''}${suffix}${width ? `-${width}` : ''}.png`), fullPage: true });
  const rendered = await page.evaluate(() => window.__messages.filter((m) => m.type === 'rendered').map((m) => JSON.stringify(m.detail)));
  console.log(tab, rendered.join(' '));
}
console.log(problems.length ? problems.join('\n') : 'no console errors');
await browser.close();
server.close();
