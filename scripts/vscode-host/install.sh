#!/usr/bin/env bash
# Installs the offline VS Code test host: code-server 4.100.3 (= VS Code 1.100.3) from npm,
# plus Debian's chromium (driven by playwright-core), ripgrep, and a CJK font (fonts-noto-cjk) so the
# panel's Chinese renders in screenshots instead of boxes.
# Recipe: shared/recipes/vscode-host.md. Idempotent: a stamp file makes a second run instant.
#
#   scripts/vscode-host/install.sh           install if needed
#   scripts/vscode-host/install.sh --force   reinstall the code-server tree from scratch
#
# Result: .vscode-test/code-server/node_modules/code-server (git-ignored), chromium at
# /usr/lib/chromium/chromium. Needs root (apt-get) unless the apt packages are already there.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="${RNN_LAB_CODE_SERVER_DIR:-$ROOT/.vscode-test/code-server}"
STAMP="$DIR/.installed-$CODE_SERVER_VERSION"
CHROMIUM=/usr/lib/chromium/chromium
APT_PACKAGES=(libkrb5-dev ripgrep chromium fonts-noto-cjk) # fonts-noto-cjk: the panel's Chinese in screenshots

# As root, npm < 7 skips lifecycle scripts (the native rebuilds) without unsafe-perm; npm >= 7
# runs them anyway and warns about the then-unknown setting on every call, so set it only there.
if (( $(npm --version | cut -d. -f1) < 7 )); then export npm_config_unsafe_perm=true; fi
export npm_config_yes=true           # npx inside rebuilds would otherwise prompt/refuse
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
export npm_config_loglevel="${npm_config_loglevel:-warn}"

log() { printf '[vscode-host install +%ds] %s\n' "$SECONDS" "$*"; }
die() { printf '[vscode-host install] ERROR: %s\n' "$*" >&2; exit 1; }
trap 'die "failed at line $LINENO: $BASH_COMMAND"' ERR
start=$SECONDS

force=0
[[ "${1:-}" == "--force" ]] && force=1

# --- Debian packages -------------------------------------------------------------------------
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  [[ $(id -u) == 0 ]] || die "need root to apt-get install: ${missing[*]}"
  log "apt-get update"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[[ -x "$CHROMIUM" ]] || die "chromium binary not found at $CHROMIUM"
command -v rg >/dev/null || die "ripgrep (rg) not on PATH"

# --- code-server -----------------------------------------------------------------------------
if [[ -f "$STAMP" && $force == 0 ]]; then
  log "code-server $CODE_SERVER_VERSION already installed in ${DIR#$ROOT/} (stamp found)"
  exit 0
fi

log "installing code-server $CODE_SERVER_VERSION into $DIR"
rm -rf "$DIR"
mkdir -p "$DIR"
cd "$DIR"
printf '{ "name": "rnn-lab-vscode-host", "private": true, "version": "0.0.0" }\n' > package.json

log "npm install --ignore-scripts code-server@$CODE_SERVER_VERSION"
npm install --no-save --ignore-scripts --no-package-lock "code-server@$CODE_SERVER_VERSION"

log "npm rebuild argon2 (prebuilt download is unreachable; builds from source)"
npm rebuild argon2

VS="$DIR/node_modules/code-server/lib/vscode"
[[ -d "$VS" ]] || die "unexpected layout: $VS missing"
cd "$VS"
log "lib/vscode: npm install --omit=dev --ignore-scripts"
npm install --omit=dev --ignore-scripts

log "lib/vscode: link system ripgrep"
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg

log "lib/vscode: npm rebuild (kerberos, node-pty, spdlog, watcher)"
npm rebuild

ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)

log "lib/vscode/extensions: npm install --omit=dev"
(cd extensions && npm install --omit=dev)

# The native modules must really have been built (npm >= 11 warns about install scripts not
# covered by "allowScripts"; should a later npm skip them instead, fail here, not at run time).
for f in node_modules/@vscode/spdlog/build/Release/spdlog.node \
         node_modules/node-pty/build/Release/pty.node \
         node_modules/kerberos/build/Release/kerberos.node; do
  [[ -f "$VS/$f" ]] || die "native module not built: lib/vscode/$f"
done
ls "$DIR"/node_modules/argon2/lib/binding/napi-v*/argon2.node >/dev/null 2>&1 || die "argon2 was not built"

# Sanity: the entry point loads and reports its version.
cd "$DIR"
# (XDG_CONFIG_HOME: code-server writes a default config.yaml there on every start.)
got="$(XDG_CONFIG_HOME="$DIR/.config" node node_modules/code-server/out/node/entry.js --version 2>/dev/null | tail -1 || true)"
[[ "$got" == "$CODE_SERVER_VERSION"* ]] || die "code-server --version printed '$got'"
log "code-server --version: $got"

date -u +%FT%TZ > "$STAMP"
log "done in $((SECONDS - start)) s"
