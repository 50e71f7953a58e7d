#!/usr/bin/env node
'use strict'
// prebuildify has no cmake-js backend: it runs `<this> rebuild --target=<v>
// --devdir=<dir> --arch=<arch> --release|--debug`, the node-gyp interface.
// --target/--devdir only matter for header downloads, which a Node-API build
// never does, so they are ignored.
const { spawnSync } = require('node:child_process')
const path = require('node:path')

const args = process.argv.slice(2)
const arch = (args.find((a) => a.startsWith('--arch=')) || '').slice('--arch='.length)
const cmakeJs = path.join(path.dirname(require.resolve('cmake-js/package.json')), 'bin', 'cmake-js')
const cmd = [cmakeJs, 'rebuild']
if (args.includes('--debug')) cmd.push('--debug')
if (arch) cmd.push('--arch', arch)
const r = spawnSync(process.execPath, cmd, { stdio: 'inherit' })
process.exit(r.status === null ? 1 : r.status)
