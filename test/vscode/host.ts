/**
 * A stand-in for the VS Code executable, for `@vscode/test-electron`'s
 * `runTests({ vscodeExecutablePath })` on machines where desktop VS Code can't be downloaded.
 *
 * It takes the arguments runTests passes to VS Code (`--extensionDevelopmentPath=…`,
 * `--extensionTestsPath=…`, an optional folder as a positional argument; everything else is
 * ignored) and instead:
 *   1. starts code-server 4.100.3 (= VS Code 1.100.3, installed by scripts/vscode-host/install.sh)
 *      on a free 127.0.0.1 port with fresh temporary user-data, extensions and XDG dirs;
 *   2. opens the workbench in headless Debian Chromium via playwright-core, with the development
 *      extension and the test suite passed as `vscode-remote://` URIs so that both run in
 *      code-server's Node extension host;
 *   3. exits with the code the suite reports through `codeAutomationExit`, after cleaning up.
 *
 * Screenshots (the suite runs in the extension host, the browser is out here), a file protocol:
 *   - The host creates an IPC dir and passes it to the extension host as $RNN_LAB_SCREENSHOT_DIR.
 *   - The suite writes `screenshot-request-<id>.json` = ScreenshotRequest into it (atomically).
 *   - The host takes the screenshot and answers with `screenshot-done-<id>.json` = ScreenshotDone.
 *   test/vscode/suite/helpers.ts wraps this as `takeScreenshot(…)`.
 *
 * Environment:
 *   RNN_LAB_HOST_TIMEOUT    whole-run timeout in seconds (default 600)
 *   RNN_LAB_HOST_VERBOSE=1  stream code-server's output and the page's console
 *   RNN_LAB_HOST_KEEP_TMP=1 keep the temp dirs (user data, logs) and print where they are
 *   RNN_LAB_CODE_SERVER_DIR where install.sh put code-server (default <repo>/.vscode-test/code-server)
 *   RNN_LAB_CHROMIUM        browser binary (default /usr/lib/chromium/chromium)
 *   RNN_LAB_SCREENSHOT_OUT  where relative screenshot names go (default <repo>/.vscode-test/screenshots)
 *
 * Exit codes: the suite's own (0 pass, 1 failures); 2 the harness itself failed or timed out.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, mkdirSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { format } from 'node:util';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium, type BrowserContext, type ElementHandle, type Frame, type Page } from 'playwright-core';
import { findRepoRoot } from './repo-root';

/** Written by the suite as `screenshot-request-<id>.json` in $RNN_LAB_SCREENSHOT_DIR. */
export interface ScreenshotRequest {
  /** Absolute path of the PNG to write (its folder is created). */
  path: string;
  /**
   * Shoot only the webview whose document title (the `<title>` of the extension's HTML)
   * contains this text; waits for it up to `timeoutMs`. Without it, the whole page is shot.
   */
  frameTitle?: string;
  /** How long to wait for the frame and the shot (default 10000 ms). */
  timeoutMs?: number;
}
/** Written by the host as `screenshot-done-<id>.json` when the request is handled. */
export interface ScreenshotDone {
  ok: boolean;
  path: string;
  error?: string;
  /** Titles of all frames on the page when the shot was taken: handy when frameTitle misses. */
  frameTitles: string[];
}

const EXIT_HARNESS = 2;
const ROOT = findRepoRoot();
const env = process.env;
const verbose = env.RNN_LAB_HOST_VERBOSE === '1';
const started = Date.now();
const log = (msg: string) => process.stderr.write(`[vscode-host +${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}\n`);

interface Args {
  extensionDevelopmentPaths: string[];
  extensionTestsPath?: string;
  folder?: string;
  ignored: string[];
}

export function parseArgs(argv: string[]): Args {
  const out: Args = { extensionDevelopmentPaths: [], ignored: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [key, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    if (key === '--extensionDevelopmentPath') out.extensionDevelopmentPaths.push(resolve(value()));
    else if (key === '--extensionTestsPath') out.extensionTestsPath = resolve(value());
    else if (key === '--folder-uri') out.folder = new URL(value()).pathname;
    else if (!a.startsWith('-')) {
      if (out.folder) throw new Error(`more than one folder given: ${out.folder}, ${a}`);
      out.folder = resolve(a);
    } else out.ignored.push(a); // --no-sandbox, --user-data-dir=…, --disable-extensions, …
  }
  return out;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? ok(addr.port) : fail(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitHealthy(port: number, child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`code-server exited early (${child.exitCode ?? child.signalCode})`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(150);
  }
  throw new Error(`code-server not healthy on port ${port} after ${ms} ms`);
}

/** Outermost <iframe> element (in the workbench page) that contains `frame`. */
async function outermostIframe(frame: Frame): Promise<ElementHandle | undefined> {
  let f: Frame | null = frame;
  let el: ElementHandle | undefined;
  while (f && f.parentFrame()) {
    el = await f.frameElement();
    f = f.parentFrame();
  }
  return el;
}

async function frameTitles(page: Page): Promise<string[]> {
  const titles = await Promise.all(page.frames().map((f) => f.title().catch(() => '')));
  return titles.filter((t) => t);
}

async function takeScreenshot(page: Page, req: ScreenshotRequest): Promise<void> {
  if (!req.path || !req.path.startsWith('/')) throw new Error(`screenshot path must be absolute, got ${JSON.stringify(req.path)}`);
  mkdirSync(dirname(req.path), { recursive: true });
  const deadline = Date.now() + (req.timeoutMs ?? 10_000);
  const timeout = () => Math.max(1000, deadline - Date.now());
  if (!req.frameTitle) {
    await page.screenshot({ path: req.path, timeout: timeout() });
    return;
  }
  for (;;) {
    for (const f of page.frames()) {
      if (f === page.mainFrame()) continue;
      const title = await f.title().catch(() => '');
      if (!title.includes(req.frameTitle)) continue;
      const el = await outermostIframe(f);
      if (el) {
        await el.screenshot({ path: req.path, timeout: timeout() });
        return;
      }
    }
    if (Date.now() > deadline) throw new Error(`no frame titled like ${JSON.stringify(req.frameTitle)}`);
    await sleep(200);
  }
}

/** Polls the IPC dir and answers screenshot requests one at a time. */
function serveScreenshots(page: Page, ipcDir: string): () => void {
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      for (const name of readdirSync(ipcDir)) {
        const m = /^screenshot-request-(.+)\.json$/.exec(name);
        if (!m) continue;
        const file = join(ipcDir, name);
        let req: ScreenshotRequest = { path: '' };
        let error: string | undefined;
        try {
          req = JSON.parse(readFileSync(file, 'utf8'));
          renameSync(file, join(ipcDir, `screenshot-taken-${m[1]}.json`));
          await takeScreenshot(page, req);
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
          try {
            rmSync(file, { force: true });
          } catch {
            /* gone */
          }
        }
        const done: ScreenshotDone = { ok: !error, path: req.path, error, frameTitles: await frameTitles(page) };
        const tmp = join(ipcDir, `.screenshot-done-${m[1]}.json.tmp`);
        writeFileSync(tmp, JSON.stringify(done));
        renameSync(tmp, join(ipcDir, `screenshot-done-${m[1]}.json`));
        log(error ? `screenshot failed: ${error}` : `screenshot → ${req.path}`);
      }
    } catch (e) {
      log(`screenshot watcher: ${e instanceof Error ? e.message : e}`);
    } finally {
      busy = false;
    }
  }, 100);
  return () => clearInterval(timer);
}

/**
 * The workbench forwards both its own log and the extension host's console (mocha's report) through
 * codeAutomationLog, with nothing to tell them apart. Its own start-up chatter comes first, so
 * everything before the suite's first line (SUITE_START_MARKER, printed by suite/index.ts) is held
 * back and shown only if the suite never starts, or with RNN_LAB_HOST_VERBOSE=1. The extension
 * gallery look-up, which fails at once and harmlessly offline, is always dropped.
 */
export const SUITE_START_MARKER = 'rnn-lab suite:';
class WorkbenchLog {
  private started = false;
  private held: [string, string][] = [];
  write(type: string, args: unknown[]): void {
    const text = format(...args); // mocha's reporter logs printf-style ('%s %d', …)
    if (!verbose && /ENOTFOUND open-vsx\.org|extensionquery/.test(text)) return;
    if (!this.started && text.startsWith(SUITE_START_MARKER)) this.started = true;
    if (this.started || verbose) this.out(type, text);
    else this.held.push([type, text]);
  }
  /** Prints what was held back, if the suite never started (the reason is likely in there). */
  flushIfNotStarted(): void {
    if (this.started || this.held.length === 0) return;
    log('the suite never started; the workbench said:');
    for (const [type, text] of this.held) this.out(type, text);
    this.held = [];
  }
  private out(type: string, text: string): void {
    (type === 'error' || type === 'warn' ? process.stderr : process.stdout).write(text + '\n');
  }
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (!args.extensionTestsPath) throw new Error('--extensionTestsPath is required (this stand-in only runs test suites)');
  if (args.extensionDevelopmentPaths.length === 0) throw new Error('--extensionDevelopmentPath is required');
  if (verbose && args.ignored.length) log(`ignoring ${args.ignored.join(' ')}`);

  const csDir = env.RNN_LAB_CODE_SERVER_DIR ?? join(ROOT, '.vscode-test', 'code-server');
  const entry = join(csDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(entry)) throw new Error(`code-server not installed at ${csDir}: run scripts/vscode-host/install.sh`);
  const chromiumPath = env.RNN_LAB_CHROMIUM ?? '/usr/lib/chromium/chromium';
  if (!existsSync(chromiumPath)) throw new Error(`no chromium at ${chromiumPath}: run scripts/vscode-host/install.sh`);

  const tmp = mkdtempSync(join(tmpdir(), 'rnn-lab-vscode-host-'));
  const dirs = Object.fromEntries(['user-data', 'extensions', 'xdg-config', 'xdg-data', 'xdg-cache', 'chromium-profile', 'ipc'].map((d) => [d, join(tmp, d)]));
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const csLogPath = join(tmp, 'code-server.log');
  const workbenchLog = new WorkbenchLog();
  writeFileSync(join(dirs['xdg-config'], 'config.yaml'), ''); // all settings come from flags

  let child: ChildProcess | undefined;
  let launching: Promise<BrowserContext> | undefined;
  let stopScreenshots: (() => void) | undefined;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    stopScreenshots?.();
    if (launching) {
      // Also when a timeout or signal struck while chromium was still starting.
      const context = await Promise.race([launching.catch(() => undefined), sleep(15_000).then(() => undefined)]);
      await context?.close().catch(() => {});
    }
    if (child?.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
      const exited = new Promise((r) => child!.once('exit', r));
      await Promise.race([exited, sleep(3000)]);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    if (env.RNN_LAB_HOST_KEEP_TMP === '1') log(`kept temp dirs in ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  };
  const onSignal = (sig: NodeJS.Signals) => {
    log(`${sig}: shutting down`);
    void cleanup().then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const timeoutS = Number(env.RNN_LAB_HOST_TIMEOUT ?? 600);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`whole run timed out after ${timeoutS} s (RNN_LAB_HOST_TIMEOUT)`)), timeoutS * 1000);
  });

  const run = async (): Promise<number> => {
    const port = await freePort();
    // XDG_*: code-server (config.yaml, coder.json), VS Code (device id) and chromium (crash
    // reports, dconf) would otherwise write under $HOME.
    const xdg = { XDG_CONFIG_HOME: dirs['xdg-config'], XDG_DATA_HOME: dirs['xdg-data'], XDG_CACHE_HOME: dirs['xdg-cache'] };
    const childEnv: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(env)) if (!/^(VSCODE_|ELECTRON_)/.test(k)) childEnv[k] = v;
    Object.assign(childEnv, {
      ...xdg,
      RNN_LAB_SCREENSHOT_DIR: dirs.ipc, // reaches the extension host, hence the suite
      RNN_LAB_SCREENSHOT_OUT: env.RNN_LAB_SCREENSHOT_OUT ?? join(ROOT, '.vscode-test', 'screenshots'),
    });
    const csLog = createWriteStream(csLogPath);
    child = spawn(
      process.execPath,
      [
        entry,
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--config',
        join(dirs['xdg-config'], 'config.yaml'),
        '--auth',
        'none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--ignore-last-opened',
        '--user-data-dir',
        dirs['user-data'],
        '--extensions-dir',
        dirs.extensions,
      ],
      { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    for (const s of [child.stdout!, child.stderr!]) {
      s.pipe(csLog, { end: false });
      if (verbose) s.on('data', (d) => process.stderr.write(`[code-server] ${d}`));
    }
    await waitHealthy(port, child, 60_000);
    log(`code-server up on 127.0.0.1:${port}`);

    launching = chromium.launchPersistentContext(dirs['chromium-profile'], {
      executablePath: chromiumPath,
      headless: true,
      env: { ...env, ...xdg },
      viewport: { width: 1400, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await launching;
    if (cleaned) throw new Error('cancelled');
    log(`chromium ${context.browser()?.version() ?? ''} started`);
    const page = context.pages()[0] ?? (await context.newPage());
    let resolveExit!: (code: number) => void;
    let rejectExit!: (e: Error) => void;
    const exited = new Promise<number>((ok, fail) => ((resolveExit = ok), (rejectExit = fail)));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => workbenchLog.write(type, Array.isArray(args) ? args : [args]));
    await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(code));
    if (verbose) {
      page.on('console', (m) => process.stderr.write(`[page ${m.type()}] ${m.text()}\n`));
      page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.message}\n`));
    }
    // Fail fast rather than wait for the timeout.
    page.on('crash', () => rejectExit(new Error('the workbench page crashed')));
    page.on('close', () => rejectExit(new Error('the workbench page closed before the suite ended')));
    child.once('exit', (code, sig) => rejectExit(new Error(`code-server exited before the suite ended (${code ?? sig})`)));

    const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload: [string, string][] = [
      ...args.extensionDevelopmentPaths.map((p): [string, string] => ['extensionDevelopmentPath', remote(p)]),
      ['extensionTestsPath', remote(args.extensionTestsPath!)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    const url = new URL(`http://127.0.0.1:${port}/`);
    if (args.folder) url.searchParams.set('folder', args.folder);
    url.searchParams.set('payload', JSON.stringify(payload));
    stopScreenshots = serveScreenshots(page, dirs.ipc);
    await page.goto(url.toString(), { waitUntil: 'commit' });
    log(`workbench opened${args.folder ? ` on ${args.folder}` : ''}; running ${args.extensionTestsPath}`);
    const code = await exited;
    if (code !== 0) workbenchLog.flushIfNotStarted();
    log(`suite finished with code ${code}`);
    return code;
  };

  try {
    return await Promise.race([run(), timeout]);
  } catch (e) {
    log(`ERROR: ${e instanceof Error ? e.message : e}`);
    workbenchLog.flushIfNotStarted();
    if (existsSync(csLogPath)) {
      const tail = readFileSync(csLogPath, 'utf8').split('\n').slice(-30).join('\n');
      if (tail.trim()) log(`last lines of code-server's output:\n${tail}`);
    }
    return EXIT_HARNESS;
  } finally {
    clearTimeout(timer);
    await cleanup();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      log(`ERROR: ${e instanceof Error ? e.message : e}`);
      process.exit(EXIT_HARNESS);
    },
  );
}
