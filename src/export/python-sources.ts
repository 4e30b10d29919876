// The exported project's Python files, embedded in the bundle at build time (esbuild's text loader
// for .py, see esbuild.mjs), so out/cli.js and out/extension.js need nothing beside them.
import modelPy from './python/model.py';
import dataPy from './python/data.py';
import trainPy from './python/train.py';

export const PYTHON_FILES: Readonly<Record<string, string>> = {
  'model.py': modelPy,
  'data.py': dataPy,
  'train.py': trainPy,
};
