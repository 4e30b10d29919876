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
# A fresh machine's own apt run (unattended upgrades) may hold the lock for a while: wait for it.
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends python3-torch libopenblas0-openmp >/dev/null
/usr/bin/python3 -c 'import torch; print("torch", torch.__version__, "installed")'
