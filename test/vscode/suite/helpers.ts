/**
 * Helpers for the integration tests (not a test file itself; bundled into the tests that import it).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

export interface ScreenshotOptions {
  /** Shoot only the webview whose HTML <title> contains this text (waits for it to appear). */
  frameTitle?: string;
  /** How long to wait for the whole request (default 20000 ms). */
  timeoutMs?: number;
}

/** True when the suite runs under test/vscode/host.ts, which can take screenshots. */
export function canScreenshot(): boolean {
  return !!process.env.RNN_LAB_SCREENSHOT_DIR;
}

/** Where screenshots with a relative name go: $RNN_LAB_SCREENSHOT_OUT, set by the host (default <repo>/.vscode-test/screenshots). */
export function screenshotOutDir(): string {
  const dir = process.env.RNN_LAB_SCREENSHOT_OUT;
  if (!dir) throw new Error('RNN_LAB_SCREENSHOT_OUT is not set: not running under test/vscode/host.ts?');
  return dir;
}

let seq = 0;
/**
 * Asks the host to screenshot the browser page (or one webview, with `frameTitle`) into a PNG.
 * `file` is absolute, or relative to screenshotOutDir(). Resolves to the absolute path written.
 * Throws when not running under the host (see canScreenshot()) or when the host reports an error.
 */
export async function takeScreenshot(file: string, opts: ScreenshotOptions = {}): Promise<string> {
  const ipc = process.env.RNN_LAB_SCREENSHOT_DIR;
  if (!ipc) throw new Error('screenshots need test/vscode/host.ts (RNN_LAB_SCREENSHOT_DIR is not set)');
  const path = isAbsolute(file) ? file : join(screenshotOutDir(), file);
  mkdirSync(resolve(path, '..'), { recursive: true });
  const id = `${process.pid}-${Date.now()}-${seq++}`;
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const tmp = join(ipc, `.screenshot-request-${id}.json.tmp`);
  writeFileSync(tmp, JSON.stringify({ path, frameTitle: opts.frameTitle, timeoutMs: Math.max(1000, timeoutMs - 2000) }));
  renameSync(tmp, join(ipc, `screenshot-request-${id}.json`));

  const done = join(ipc, `screenshot-done-${id}.json`);
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(done)) {
    if (Date.now() > deadline) throw new Error(`screenshot ${path}: no answer from the host in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const answer = JSON.parse(readFileSync(done, 'utf8')) as { ok: boolean; error?: string; frameTitles: string[] };
  rmSync(done, { force: true });
  if (!answer.ok) throw new Error(`screenshot ${path}: ${answer.error} (frames: ${JSON.stringify(answer.frameTitles)})`);
  return path;
}
