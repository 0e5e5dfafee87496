#!/bin/sh
# Installs code-server 4.100.3 (VS Code 1.100.3, the last release that runs on
# Node 20) into a cache folder, once. The editor tests find it there.
#
# Needs Debian's libkrb5-dev and pkg-config (a native module builds against
# Kerberos) and ripgrep: @vscode/ripgrep would download rg from GitHub, so its
# download cache is primed with Debian's binary first.
#
# Usage: test/editors/install-code-server.sh [cache-folder]   (default: .cache/code-server)
set -eu

version=4.100.3
repo=$(cd "$(dirname "$0")/../.." && pwd)
folder=${1:-$repo/.cache/code-server}
bin=$folder/node_modules/.bin/code-server

if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "^$version "; then
  echo "code-server $version already in $folder"
  exit 0
fi

for tool in rg pkg-config krb5-config; do
  command -v "$tool" >/dev/null || { echo "install-code-server: $tool is missing (apt-get install ripgrep pkg-config libkrb5-dev)" >&2; exit 1; }
done

# The archive name @vscode/ripgrep 1.15.11 (pinned by code-server) looks for; it accepts any tar.gz holding `rg`.
cache=${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11
archive=$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
if [ ! -s "$archive" ]; then
  mkdir -p "$cache"
  staging=$(mktemp -d)
  cp "$(command -v rg)" "$staging/rg"
  tar -czf "$archive" -C "$staging" rg
  rm -rf "$staging"
fi

mkdir -p "$folder"
[ -f "$folder/package.json" ] || echo '{ "name": "code-server-cache", "private": true }' > "$folder/package.json"
# npm_config_yes: a postinstall runs `npx node-gyp`, which would otherwise stop to ask.
cd "$folder"
npm_config_yes=true npm install --no-audit --no-fund --unsafe-perm --foreground-scripts "code-server@$version"
"$bin" --version
