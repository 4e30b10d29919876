// Read and validate a spec file: a Spec, or a SpecError that lists every problem with its line.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataAccess } from '../node/data-access';
import { parseSpecFile } from '../node/spec-io';
import type { SpecProblem } from '../spec/problem';
import type { Spec } from '../spec/types';
import { SpecError } from './errors';

/** `warnings`: what `validate` and the editor warn about (a key the cell ignores, ...), to show before training. */
export function loadSpec(specPath: string, access: DataAccess = {}): { spec: Spec; text: string; warnings: SpecProblem[] } {
  const abs = path.resolve(specPath);
  const { spec, problems } = parseSpecFile(abs, access);
  if (!spec || problems.some((p) => p.severity === 'error')) throw new SpecError(abs, problems);
  return { spec, text: readFileSync(abs, 'utf8'), warnings: problems.filter((p) => p.severity === 'warning') };
}
