#!/usr/bin/env node
'use strict'
// Builds prebuilds/<platform>-<arch>/gonet.glibc.node for every platform this
// machine can build for: the host, and linux-arm64 when Debian's
// g++-aarch64-linux-gnu is installed. Starts from an empty prebuilds/ so a
// stale binary of an earlier build can never be packed. Run by `prepack`;
// scripts/consumer-test.sh loads and smoke-tests each one.
const { spawnSync } = require('node:child_process')
const { rmSync } = require('node:fs')
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

rmSync(path.join(root, 'prebuilds'), { recursive: true, force: true })
build(process.arch, [])
if (process.platform === 'linux' && process.arch === 'x64') {
  if (has('aarch64-linux-gnu-g++')) {
    build('arm64', ['--strip-bin=aarch64-linux-gnu-strip'])
  } else {
    console.warn('prebuilds: linux-arm64 skipped: no aarch64-linux-gnu-g++ (apt-get install g++-aarch64-linux-gnu)')
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
