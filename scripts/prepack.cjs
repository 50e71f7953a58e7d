#!/usr/bin/env node
'use strict'
// `npm pack` / `npm publish`: a fresh dist/ (no output of deleted sources)
// and fresh prebuilds/ for every platform this machine builds for.
const { spawnSync } = require('node:child_process')
const { rmSync } = require('node:fs')
const path = require('node:path')

const root = path.join(__dirname, '..')
rmSync(path.join(root, 'dist'), { recursive: true, force: true })
const tsc = require.resolve('typescript/bin/tsc', { paths: [root] })
for (const step of [[tsc, '-p', 'tsconfig.build.json'], [path.join(__dirname, 'prebuilds.cjs')]]) {
  const r = spawnSync(process.execPath, step, { stdio: 'inherit', cwd: root })
  if (r.status !== 0) process.exit(r.status === null ? 1 : r.status)
}
