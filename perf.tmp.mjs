import { chromium } from 'playwright-core';
import http from 'node:http'; import fs from 'node:fs'; import path from 'node:path';
const outDir='/tmp/rnn-lab-preview';
const server = http.createServer((req, res) => { const f = path.join(outDir, new URL(req.url,'http://x').pathname); try { const b=fs.readFileSync(f); res.writeHead(200,{'content-type': f.endsWith('.js')?'text/javascript':f.endsWith('.css')?'text/css':'text/html'}); res.end(b);} catch { res.writeHead(404).end(); } });
await new Promise(r=>server.listen(0,'127.0.0.1',r));
const browser = await chromium.launch({ executablePath: '/usr/lib/chromium/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
await page.goto(`http://127.0.0.1:${server.address().port}/index.html?tab=loss&steps=30000`);
await page.waitForTimeout(1500);
const r = await page.evaluate(async () => {
  const longs = [];
  new PerformanceObserver((l) => l.getEntries().forEach((e) => longs.push(Math.round(e.duration)))).observe({ type: 'longtask', buffered: false });
  let step = 30001;
  const raf = [];
  for (let b = 0; b < 50; b++) {
    const events = Array.from({ length: 20 }, () => ({ type: 'progress', step: step++, loss: 1.3 + Math.random() * 0.1, gradNorm: 0.5, clipped: false, tokensPerSec: 1, elapsedMs: 1 }));
    window.__send({ type: 'events', runId: '20250101-char-lm-aaaaaa', events });
    await new Promise((res) => setTimeout(res, 100));
  }
  return { longs };
});
console.log(JSON.stringify(r));
await browser.close(); server.close();
