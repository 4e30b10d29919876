// Resolving a spec-relative path without node:path (the spec layer also runs in a web worker).

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(p);
}

/** specDir + rel, with "." and ".." segments folded; rel wins when absolute. Keeps the separator style of specDir. */
export function joinSpecPath(specDir: string, rel: string): string {
  if (isAbsolute(rel)) return rel;
  const sep = specDir.includes('\\') && !specDir.includes('/') ? '\\' : '/';
  const parts = `${specDir}${sep}${rel}`.split(/[\\/]+/);
  const out: string[] = [];
  for (const part of parts) {
    if (part === '.' || (part === '' && out.length > 0)) continue;
    if (part === '..' && out.length === 1 && out[0] === '') continue; // above the root
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..' && out[out.length - 1] !== '') out.pop();
    else out.push(part);
  }
  return out.join(sep) || sep;
}
