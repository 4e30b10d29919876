// The path port (src/runs/path-ops.ts) on Node: Node's own `path`, for the platform it runs on.
import path from 'node:path';
import type { PathOps } from '../runs/path-ops';

export const nodePath: PathOps = path;
