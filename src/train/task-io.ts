// The Node file access tasks read their data through (run-training, validate, bench, gradcheck).
import { readFileSync } from 'node:fs';
import type { TaskIO } from '../tasks/task';

export function nodeTaskIO(): TaskIO {
  return { readText: (p) => readFileSync(p, 'utf8') };
}
