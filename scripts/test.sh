#!/usr/bin/env bash
# What `npm test` runs: install the test dependencies, build sysgate and the guest programs, then
# run every node:test file under dist/tests (cpu, mm, loader, kernel, vfs, diff, busybox, ...).
#
#   npm test                    everything
#   npm test -- diff busybox    only these areas (folders of tests/)
#   SYSGATE_DIFF_FILTER=musl\\.open npm test -- diff     one case family (see docs/testing.md)
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "test dependencies"
bash scripts/install-test-deps.sh

step "npm run build"
# tsc still writes dist/ when it reports type errors; run the tests anyway so one broken file
# does not hide every other result, but the whole run fails at the end.
build_failed=0
npm run build --silent || build_failed=1

step "guest programs (make -C tests/guest)"
make -C tests/guest --no-print-directory -j"$(nproc 2>/dev/null || echo 2)" >/dev/null

targets=()
if [ "$#" -gt 0 ]; then
  for area in "$@"; do
    if [ ! -d "dist/tests/$area" ]; then
      echo "test.sh: no test area '$area' (have: $(ls dist/tests | tr '\n' ' '))" >&2
      exit 2
    fi
    targets+=("dist/tests/$area/")
  done
else
  targets=(dist/tests/)
fi

step "node --test ${targets[*]}"
tests_failed=0
node --test "${targets[@]}" || tests_failed=1

if [ "$build_failed" -ne 0 ]; then
  echo "test.sh: FAILED: the TypeScript build reported errors (see above)" >&2
fi
if [ "$tests_failed" -ne 0 ]; then
  echo "test.sh: FAILED: some tests failed (see above)" >&2
fi
if [ "$build_failed" -ne 0 ] || [ "$tests_failed" -ne 0 ]; then
  exit 1
fi
echo "test.sh: all tests passed"
