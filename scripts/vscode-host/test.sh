#!/usr/bin/env bash
# One command for the VS Code integration tests: install the host if needed, build the extension
# and the suite, run the suite in VS Code 1.100.3 (code-server + headless chromium).
# Exits with the suite's code (0 pass, 1 test failures, 2 harness failure/timeout).
#
#   scripts/vscode-host/test.sh                       everything
#   MOCHA_GREP='smoke' scripts/vscode-host/test.sh     only tests whose title matches
#   RNN_LAB_HOST_VERBOSE=1 …                          also code-server's and the page's output
#   RNN_LAB_HOST_KEEP_TMP=1 …                         keep the temp workspace, user data and logs
# Screenshots taken by the tests land in .vscode-test/screenshots/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
start=$SECONDS

scripts/vscode-host/install.sh
echo "[vscode-host] building the extension (esbuild.mjs) and the suite"
node esbuild.mjs
node scripts/vscode-host/build-suite.mjs
[[ -f out/extension.js ]] || echo "[vscode-host] note: no out/extension.js (src/extension/extension.ts missing?)" >&2

set +e
node out/test/vscode/runTest.js
code=$?
set -e
echo "[vscode-host] integration tests exited $code after $((SECONDS - start)) s"
exit $code
