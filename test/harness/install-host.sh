#!/usr/bin/env bash
# Installs the offline VS Code host the integration and e2e tests (and `npm start` without a
# desktop VS Code) run in: the real VS Code 1.100.3 workbench that ships inside the npm package
# code-server@4.100.3, driven by Debian's Chromium through playwright-core (from the project's
# own node_modules). Desktop VS Code cannot be downloaded on machines that reach only the npm
# registry and Debian apt; this needs nothing else.
#
#   bash test/harness/install-host.sh     (idempotent: a stamp file makes a second run a no-op)
#
# Env: UPKEEP_HOST_DIR  where the host lives (default ${XDG_CACHE_HOME:-~/.cache}/upkeep-vscode-host,
#                       shared by every clone on the machine). NOT inside the repository: with
#                       code-server's built-in extensions below the extension development path
#                       (the repo), the workbench silently ignores workbench.colorTheme and shows
#                       Light+ (seen with code-server 4.100.3).
#
# The Debian packages need root (or sudo); apt-get update runs only when one is missing.
set -euo pipefail
t0=$SECONDS

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HOST_DIR=${UPKEEP_HOST_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/upkeep-vscode-host}
CS_VERSION=4.100.3        # bundles VS Code 1.100.3; needs Node 20
RG_NPM_VERSION=1.15.11    # the @vscode/ripgrep version code-server 4.100.3's VS Code pins
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
# Chromium drives the workbench; the rest builds code-server's native modules (node-pty,
# kerberos, @vscode/spdlog, native-keymap...) and supplies the rg binary VS Code searches with.
APT_PACKAGES=(ripgrep chromium build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev)
CS=$HOST_DIR/cs/node_modules/code-server
STAMP=$HOST_DIR/.installed
# Bump the suffix when the settings below or the install steps change: the stamp then no longer
# matches and the next run reinstalls.
STAMP_CONTENT="code-server@$CS_VERSION host-v1"

step() { echo "[install-host] $*"; }
fail() { echo "[install-host] ERROR: $*" >&2; exit 1; }

missing_packages() {
  command -v dpkg-query >/dev/null || { printf '%s\n' "${APT_PACKAGES[@]}"; return; }
  local p
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

# ---- fast path: everything is there already --------------------------------------------------
if [ "$(cat "$STAMP" 2>/dev/null)" = "$STAMP_CONTENT" ] && [ -f "$CS/out/node/entry.js" ] \
   && [ -x /usr/bin/chromium ] && [ -x /usr/bin/rg ]; then
  step "already installed in $HOST_DIR (code-server $CS_VERSION); nothing to do"
  exit 0
fi

# ---- Node 20: code-server 4.100.3 refuses other majors in its postinstall --------------------
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null) || fail "node is not on PATH"
[ "$node_major" = 20 ] || fail "code-server $CS_VERSION needs Node 20; this is Node $(node -v)"

# ---- Debian packages --------------------------------------------------------------------------
mapfile -t missing < <(missing_packages)
if [ ${#missing[@]} -eq 0 ]; then
  step "Debian packages present: ${APT_PACKAGES[*]}"
else
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || fail "need root or sudo to install Debian packages: ${missing[*]} (install them yourself, then re-run)"
    SUDO=(sudo)
  fi
  command -v apt-get >/dev/null || fail "apt-get not found; install these packages by other means: ${missing[*]}"
  mkdir -p "$HOST_DIR"
  step "apt-get update (missing: ${missing[*]}; log: $HOST_DIR/apt.log)"
  "${SUDO[@]}" apt-get update -qq > "$HOST_DIR/apt.log" 2>&1 || { tail -n 20 "$HOST_DIR/apt.log" >&2; fail "apt-get update failed"; }
  step "apt-get install ${missing[*]}"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >> "$HOST_DIR/apt.log" 2>&1 \
    || { tail -n 20 "$HOST_DIR/apt.log" >&2; fail "apt-get install ${missing[*]} failed"; }
fi
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium missing after apt-get install"
[ -x /usr/bin/rg ] || fail "/usr/bin/rg missing after apt-get install"

# ---- ripgrep cache trick ----------------------------------------------------------------------
# @vscode/ripgrep's postinstall downloads rg from GitHub (unreachable) unless its cache file is
# already in $TMPDIR/vscode-ripgrep-cache-<version>/: seed that cache with Debian's /usr/bin/rg.
# TMPDIR points into the host dir for the npm install below so the cache is found there.
export TMPDIR=$HOST_DIR/tmp
step "seeding @vscode/ripgrep's download cache with /usr/bin/rg"
mkdir -p "$TMPDIR/rgstage" "$TMPDIR/vscode-ripgrep-cache-$RG_NPM_VERSION" "$HOST_DIR/cs"
cp /usr/bin/rg "$TMPDIR/rgstage/rg"
tar czf "$TMPDIR/vscode-ripgrep-cache-$RG_NPM_VERSION/$RG_ASSET" -C "$TMPDIR/rgstage" rg

# ---- code-server ------------------------------------------------------------------------------
# node-gyp must build against the local Node headers: downloading them is impossible here.
NODEDIR=$(node -p 'require("path").resolve(process.execPath, "../..")')
[ -f "$NODEDIR/include/node/node.h" ] || fail "Node headers not found at $NODEDIR/include/node (node-gyp needs them to build code-server's native modules)"
cd "$HOST_DIR/cs"
# allowScripts: npm 11 warns about (and later npm versions skip) dependency install scripts not
# approved here; these two must run: code-server's postinstall installs and builds VS Code's own
# node_modules (node-pty, kerberos, @vscode/spdlog, ripgrep...), argon2 builds its binding.
cat > package.json <<EOF
{
  "name": "upkeep-vscode-host",
  "private": true,
  "dependencies": { "code-server": "$CS_VERSION" },
  "allowScripts": { "code-server": true, "argon2": true }
}
EOF
step "npm install code-server@$CS_VERSION into $HOST_DIR/cs (builds native modules; ~1 min; log: $HOST_DIR/install.log)"
# unsafe_perm: code-server's postinstall refuses to run as root without it.
# yes: node-pty's postinstall runs `npx node-gyp ...`; with the machine's yes=false npx cancels.
# nodedir: node-gyp would otherwise try to download Node headers.
# HOME and XDG_* stay the real ones here: npm needs the user's npm config and cache.
if ! npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir="$NODEDIR" \
     npm install --no-audit --no-fund > "$HOST_DIR/install.log" 2>&1; then
  tail -n 40 "$HOST_DIR/install.log" >&2
  fail "npm install code-server@$CS_VERSION failed (full log: $HOST_DIR/install.log)"
fi
[ -x "$CS/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ] || fail "code-server installed without its rg binary (the ripgrep cache trick did not take)"

# ---- quiet user settings ----------------------------------------------------------------------
# host.js copies these into each run's fresh user-data-dir (adding the color theme it is asked
# for): no telemetry, update checks, tips, experiments, recommendations or trust prompts.
step "writing quiet user settings to $HOST_DIR/settings.json"
cat > "$HOST_DIR/settings.json" <<'EOF'
{
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "npm.fetchOnlinePackageInfo": false,
  "git.enabled": false,
  "chat.disableAIFeatures": true
}
EOF

# ---- smoke check, with HOME/XDG_* redirected (code-server writes a config file into HOME) --------------------------
step "checking that code-server starts: $(
  export HOME=$TMPDIR/smoke-home XDG_CONFIG_HOME=$TMPDIR/smoke-home/.config XDG_DATA_HOME=$TMPDIR/smoke-home/.local/share XDG_CACHE_HOME=$TMPDIR/smoke-home/.cache
  node "$CS/out/node/entry.js" --version | tail -n 1; rm -rf "$HOME")"
echo "$STAMP_CONTENT" > "$STAMP"
step "done in $((SECONDS - t0))s ($(du -sh "$HOST_DIR/cs/node_modules" | cut -f1) in $HOST_DIR/cs)"
