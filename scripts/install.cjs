#!/usr/bin/env node
'use strict'
// The package's `install` script, for a consumer's `npm install gonet` and a
// clone's `npm install` alike. Loads the addon the way lib/internal/binding.ts
// will (node-gyp-build: build/Release, then prebuilds/<platform>-<arch>/); if
// that works there is nothing to do and nothing is printed. Otherwise it
// compiles from source with cmake-js, and says in one paragraph what is
// missing when a tool is, instead of a stack trace.
const { spawnSync } = require('node:child_process')
const { existsSync } = require('node:fs')
const path = require('node:path')

const root = path.join(__dirname, '..')
const target = `${process.platform}-${process.arch}`
const started = Date.now()

/** The load error's first line, or null when the addon loads. */
function loadError () {
  try {
    require('node-gyp-build')(root)
    return null
  } catch (err) {
    return String((err && err.message) || err).split('\n')[0]
  }
}

/** Whether `cmd --version` runs: the tool is on PATH and works. */
function runs (cmd) {
  const r = spawnSync(cmd, ['--version'], { stdio: 'ignore', shell: process.platform === 'win32' })
  return r.status === 0
}

function cxxCompiler () {
  if (process.env.CXX) return runs(process.env.CXX) ? process.env.CXX : null
  if (process.platform === 'win32') return 'MSVC' // cmake finds it through the Visual Studio installer
  return ['c++', 'g++', 'clang++'].find(runs) || null
}

function cmakeJsBin () {
  try {
    return path.join(path.dirname(require.resolve('cmake-js/package.json', { paths: [root] })), 'bin', 'cmake-js')
  } catch {
    return null
  }
}

function fail (paragraph) {
  console.error(`\ngonet: ${paragraph}\n`)
  process.exit(1)
}

// A source checkout (a clone or a worktree: .git is there) always compiles,
// incrementally: a build/Release left from older sources would load and be
// kept otherwise, and its native surface would no longer match lib/.
const checkout = existsSync(path.join(root, '.git'))
const why = loadError()
if (why === null && !checkout) process.exit(0)

const reason = why === null
  ? 'this is a source checkout'
  : why.startsWith('No native build was found')
    ? `there is no prebuilt binary for ${target}`
    : `the prebuilt binary for ${target} does not load here (${why})`

const missing = []
if (!runs('cmake')) missing.push('cmake 3.15 or newer')
if (!cxxCompiler()) missing.push('a C++20 compiler (g++ 10+ or clang++ 13+)')
const cmakeJs = cmakeJsBin()
if (!cmakeJs) missing.push('the npm package cmake-js')
if (missing.length > 0) {
  if (why === null) process.exit(0) // a checkout without the tools keeps the build it has
  fail(`${reason}, so it must be compiled from source, which needs ${missing.join(' and ')}. ` +
    'Install what is missing (Debian/Ubuntu: `apt-get install cmake g++`; macOS: `xcode-select --install` ' +
    'and `brew install cmake`), then run `npm rebuild gonet`.')
}
if (!existsSync(path.join(root, 'CMakeLists.txt'))) {
  fail(`${reason}, and this copy of gonet has no C++ sources to compile (CMakeLists.txt is missing).`)
}

// The compiler's progress is noise on success; it is shown only on failure.
console.log(`gonet: ${reason}; compiling the addon from source with cmake-js (usually under a minute)`)
const r = spawnSync(process.execPath, [cmakeJs, 'compile', '--directory', root], {
  cwd: root,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024
})
if (r.status !== 0) {
  process.stderr.write(`${r.stdout || ''}${r.stderr || ''}`)
  fail(`compiling the addon failed (the compiler's output is above). Building from source needs cmake 3.15 or newer and a C++20 compiler.`)
}
const after = loadError()
if (after !== null) fail(`the addon compiled but does not load: ${after}`)
console.log(`gonet: built build/Release/gonet.node in ${((Date.now() - started) / 1000).toFixed(1)} s`)
