#!/usr/bin/env bash
# Runs the test suite against the kqueue backend built over libkqueue on
# Linux (docs/portability.md). It only runs: build the addon first with
#   GONET_LIBKQUEUE_PREFIX=<libkqueue install prefix> npm run build:kqueue
# (libkqueue is not packaged by Debian; build and install it yourself).
# Extra arguments go to vitest.
set -uo pipefail
cd "$(dirname "$0")/.."
built=build-kqueue/build/Release/gonet.node
if [[ ! -f $built ]]; then
  echo "missing $built: run \`GONET_LIBKQUEUE_PREFIX=<prefix> npm run build:kqueue\` first" >&2
  exit 2
fi
# node-gyp-build loads the addon from GONET_PREBUILD; test/platform.test.ts
# checks through GONET_EXPECT_BACKEND that it really is the kqueue build.
export GONET_PREBUILD=$PWD/build-kqueue GONET_EXPECT_BACKEND=kqueue
exec npx vitest run "$@"
