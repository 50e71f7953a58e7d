#!/usr/bin/env node
'use strict'
// prebuildify has no cmake-js backend: it runs `<this> rebuild --target=<v>
// --devdir=<dir> --arch=<arch> --release|--debug`, the node-gyp interface,
// and then takes the first .node in build/Release (or build/Debug).
// --target/--devdir only matter for header downloads, which a Node-API build
// never does, so they are ignored. Each architecture builds incrementally in
// its own build/prebuild-<arch>/ (a cross build configures a different
// compiler), and the result is copied where prebuildify looks for it.
const { spawnSync } = require('node:child_process')
const { copyFileSync, mkdirSync, readdirSync } = require('node:fs')
const path = require('node:path')

const root = path.join(__dirname, '..')
const args = process.argv.slice(2)
const arch = (args.find((a) => a.startsWith('--arch=')) || '').slice('--arch='.length) || process.arch
const config = args.includes('--debug') ? 'Debug' : 'Release'
// Cross toolchains this package knows (host arch -> target arch).
const TOOLCHAINS = { 'linux-arm64': 'cmake/aarch64-linux-gnu.cmake' }

const out = path.join('build', `prebuild-${arch}`)
const cmakeJs = path.join(path.dirname(require.resolve('cmake-js/package.json')), 'bin', 'cmake-js')
const cmd = [cmakeJs, 'compile', '--out', out, '--arch', arch, '--log-level', 'warn']
if (config === 'Debug') cmd.push('--debug')
if (arch !== process.arch) {
  const toolchain = TOOLCHAINS[`${process.platform}-${arch}`]
  if (!toolchain) {
    console.error(`prebuildify-cmake-js: no cross toolchain for ${process.platform}-${arch}`)
    process.exit(1)
  }
  cmd.push(`--CDCMAKE_TOOLCHAIN_FILE=${path.join(root, toolchain)}`)
}
const r = spawnSync(process.execPath, cmd, { stdio: 'inherit', cwd: root })
if (r.status !== 0) process.exit(r.status === null ? 1 : r.status)

const built = path.join(root, out, config)
const addon = readdirSync(built).find((f) => f.endsWith('.node'))
const dest = path.join(root, 'build', config)
mkdirSync(dest, { recursive: true })
copyFileSync(path.join(built, addon), path.join(dest, addon))
