// Read and validate a spec file: a Spec, or a UserError/SpecError that says what is wrong and where.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseSpec } from '../spec/parse';
import type { Spec } from '../spec/types';
import { SpecError, UserError } from './errors';

export function loadSpec(specPath: string): { spec: Spec; text: string } {
  let text: string;
  try {
    text = readFileSync(specPath, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `${specPath}: no such spec file` : `${specPath}: cannot read the spec (${code ?? e})`);
  }
  const { spec, problems } = parseSpec(text, {
    specDir: path.dirname(specPath),
    fileExists: (p) => existsSync(p) && statSync(p).isFile(),
  });
  if (!spec || problems.some((p) => p.severity === 'error')) throw new SpecError(specPath, problems);
  return { spec, text };
}
