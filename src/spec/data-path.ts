// Resolves a spec's task.file against the spec's folder without node:path, so tasks run in a web worker.
// Works with POSIX ("/a/b") and Windows ("C:\\a\\b", "\\\\server\\share") folders.

const ROOT = /^(?:[A-Za-z]:[\\/]?|[\\/]{1,2})/;

function isAbsolutePath(p: string): boolean {
  return /^(?:[A-Za-z]:[\\/]|[\\/])/.test(p);
}

/** `file` relative to `dir` (or `file` itself when absolute), with "." and ".." segments resolved. */
export function resolveDataPath(dir: string, file: string): string {
  const base = isAbsolutePath(file) ? file : dir === '' ? file : `${dir.replace(/[\\/]+$/, '')}/${file}`;
  const sep = (isAbsolutePath(file) ? file : dir).includes('\\') ? '\\' : '/';
  const rootMatch = ROOT.exec(base);
  const root = rootMatch ? rootMatch[0].replace(/[\\/]/g, sep) : '';
  const segments: string[] = [];
  for (const part of base.slice(root.length).split(/[\\/]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..' && segments.length > 0 && segments[segments.length - 1] !== '..') segments.pop();
    else if (part === '..' && root !== '')
      continue; // nothing above a root
    else segments.push(part);
  }
  return root + segments.join(sep);
}
