#!/usr/bin/env bash
# Installs Debian's PyTorch (python3-torch) for the export tests, if /usr/bin/python3 cannot import
# torch yet. Idempotent and quiet; needs root (CI runs as root) or sudo.
set -euo pipefail
if /usr/bin/python3 -c 'import torch' >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends python3-torch libopenblas0-openmp >/dev/null
/usr/bin/python3 -c 'import torch; print("torch", torch.__version__, "installed")'
