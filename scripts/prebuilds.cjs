#!/usr/bin/env node
'use strict'
// Builds prebuilds/<platform>-<arch>/gonet*.node for every platform this
// machine can build for: the host, linux-arm64 when Debian's
// g++-aarch64-linux-gnu is installed, and win32-x64 when mingw-w64 is
// (scripts/setup-win.sh). Starts from an empty prebuilds/ so a
// stale binary of an earlier build can never be packed. Run by `prepack`;
// scripts/consumer-test.sh loads and smoke-tests each one.
const { spawnSync } = require('node:child_process')
const { mkdirSync, rmSync } = require('node:fs')
const path = require('node:path')

const root = path.join(__dirname, '..')
const prebuildify = require.resolve('prebuildify/bin.js', { paths: [root] })
const shim = path.join(root, 'scripts', 'prebuildify-cmake-js.cjs')
const common = ['--napi', '--strip', '--tag-libc', '--node-gyp', shim]

function has (cmd) {
  return spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0
}

function build (arch, extra) {
  const started = Date.now()
  const r = spawnSync(process.execPath, [prebuildify, ...common, `--arch=${arch}`, ...extra], { stdio: 'inherit', cwd: root })
  if (r.status !== 0) {
    console.error(`prebuilds: the ${process.platform}-${arch} build failed`)
    process.exit(1)
  }
  console.log(`prebuilds: ${process.platform}-${arch} built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

// win32-x64: the mingw-w64 cross build of `npm run test:win` (build-win/,
// reused when it is there), stripped; node-gyp-build picks
// prebuilds/win32-x64/gonet.node on Windows.
function buildWin () {
  const started = Date.now()
  const cmakeJs = require.resolve('cmake-js/bin/cmake-js', { paths: [root] })
  const out = path.join(root, 'prebuilds', 'win32-x64', 'gonet.node')
  mkdirSync(path.dirname(out), { recursive: true })
  const steps = [
    [process.execPath, [cmakeJs, 'compile', '-O', 'build-win', '--CDCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64.cmake']],
    ['x86_64-w64-mingw32-strip', ['--strip-unneeded', '-o', out, path.join(root, 'build-win', 'Release', 'gonet.node')]]
  ]
  for (const [cmd, args] of steps) {
    if (spawnSync(cmd, args, { stdio: 'inherit', cwd: root }).status !== 0) {
      console.error(`prebuilds: the win32-x64 cross build failed at ${cmd}`)
      process.exit(1)
    }
  }
  console.log(`prebuilds: win32-x64 built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

rmSync(path.join(root, 'prebuilds'), { recursive: true, force: true })
build(process.arch, [])
// Cross builds, from a linux-x64 host only.
if (process.platform === 'linux' && process.arch === 'x64') {
  if (has('aarch64-linux-gnu-g++')) {
    build('arm64', ['--strip-bin=aarch64-linux-gnu-strip'])
  } else {
    console.warn('prebuilds: linux-arm64 skipped: no aarch64-linux-gnu-g++ (apt-get install g++-aarch64-linux-gnu)')
  }
  if (has('x86_64-w64-mingw32-g++-posix')) {
    buildWin()
  } else {
    console.warn('prebuilds: win32-x64 skipped: no x86_64-w64-mingw32-g++-posix (bash scripts/setup-win.sh)')
  }
}

// The host's prebuild must load (PREBUILDS_ONLY: not a build/Release left over).
const check = spawnSync(process.execPath, ['-e', 'require("node-gyp-build")(process.argv[1])', root], {
  stdio: 'inherit',
  env: { ...process.env, PREBUILDS_ONLY: '1' }
})
if (check.status !== 0) {
  console.error(`prebuilds: the ${process.platform}-${process.arch} prebuild does not load`)
  process.exit(1)
}
