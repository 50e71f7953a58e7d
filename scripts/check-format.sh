#!/usr/bin/env bash
# Checks that every C++ file under binding/ is formatted as .clang-format
# says (clang-format --dry-run --Werror): one count per file. Prints the
# first offending lines of each file that is off, then
# "format: N passed, N failed"; exits 1 if any file is off.
# To reformat the tree: scripts/check-format.sh --fix
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v clang-format >/dev/null 2>&1; then
  echo "clang-format is not installed (Debian: apt-get install clang-format; scripts/install-test-deps.sh does it)"
  echo "format: 0 passed, 1 failed"
  exit 1
fi

mapfile -t files < <(find binding -type f \( -name '*.cc' -o -name '*.h' \) | sort)

if [[ ${1:-} == --fix ]]; then
  clang-format -i --style=file "${files[@]}"
  exit $?
fi

echo "$(clang-format --version), ${#files[@]} files"
passed=0
failed=0
for f in "${files[@]}"; do
  if out=$(clang-format --dry-run --Werror --style=file "$f" 2>&1); then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    # Each finding is three lines (position, source line, caret); show two.
    head -6 <<<"$out"
  fi
done
echo "format: $passed passed, $failed failed"
((failed == 0))
