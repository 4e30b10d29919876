// Read and validate a spec file: a Spec, or a SpecError that lists every problem with its line.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SpecError } from '../train/spec-error';
import type { DataAccess, LoadedSpec } from '../train/training-host';
import { parseSpecFile } from './spec-io';

export function loadSpec(specPath: string, access: DataAccess = {}): LoadedSpec {
  const abs = path.resolve(specPath);
  const { spec, problems } = parseSpecFile(abs, access);
  if (!spec || problems.some((p) => p.severity === 'error')) throw new SpecError(abs, problems);
  return { spec, text: readFileSync(abs, 'utf8'), warnings: problems.filter((p) => p.severity === 'warning') };
}
