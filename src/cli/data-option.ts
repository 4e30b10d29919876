// --allow-outside-data: the option every command that reads a spec's data takes.
import path from 'node:path';
import { findWorkspaceRoot } from '../node/workspace-root';
import type { DataAccess } from '../train/training-host';
import type { Values } from './args';

export const ALLOW_OUTSIDE_DATA_OPTION = { 'allow-outside-data': { type: 'boolean' as const } };

export const ALLOW_OUTSIDE_DATA_HELP = `  --allow-outside-data
                    read a data file even if it resolves (following links) outside the workspace`;

/** The workspace data must stay in (--workspace, else the spec's nearest folder with .git) and whether outside is allowed. */
export function dataAccessOf(v: Values, specPath: string, workspaceRoot?: string): DataAccess & { workspaceRoot: string } {
  return { workspaceRoot: workspaceRoot ?? findWorkspaceRoot(path.resolve(specPath)), allowOutside: v['allow-outside-data'] === true };
}
