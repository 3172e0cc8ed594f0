#!/usr/bin/env bash
# Run strace's own test suite with sysgate's tracer. strace's tests pick the tracer from $STRACE:
# each test program runs under `$STRACE OPTIONS ./prog`, prints what strace should print, and the
# harness diffs the two. Here $STRACE is a wrapper for `bin/sysgate strace`, and the test programs
# are linked statically so sysgate can run them.
#
#   sudo scripts/strace-testsuite.sh            # every generated test whose syscall sysgate implements
#   sudo scripts/strace-testsuite.sh getpid.gen.test umask.gen.test
#
# Downloads Debian's strace source package (6.1, the version of Debian's strace) into $WORK (default
# /tmp/sysgate-stracetests), configures it once (LDFLAGS=-static), then runs `make check` for the
# chosen tests and prints strace's own PASS/FAIL/SKIP summary. Needs root for apt-get source.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/debian-source.sh
REPO=$PWD
WORK=${WORK:-/tmp/sysgate-stracetests}
mkdir -p "$WORK"
cd "$WORK"

debian_source strace "$WORK"
SRC=$(echo "$WORK"/src/strace-*)
if [ ! -f "$SRC/tests/Makefile" ]; then
  (cd "$SRC" && ./configure --enable-mpers=no LDFLAGS=-static >/dev/null)
fi

cat > "$WORK/sysgate-strace" <<EOF
#!/bin/sh
exec "$REPO/bin/sysgate" strace "\$@"
EOF
chmod +x "$WORK/sysgate-strace"

OPTION_TESTS="brk count count-f clone-flags delay eventfd execve
  futex getuid inject-nf lseek mmap
  net-y-unix net-yy-inet net-yy-unix opipe pc pipe poll qual_fault
  qual_inject-error-signal qual_inject-retval qual_inject-signal qual_signal
  qual_syscall readv redirect-fds restart_syscall rt_sigaction scm_rights-fd sigaltstack
  status-none-threads status-unfinished-threads strace-C strace-E strace-E-unset strace-S
  strace-T_upper strace-r strace-t strace-tt strace-ttt sun_path threads-execve uio uname
  umovestr umovestr2"

TESTS=("$@")
if [ ${#TESTS[@]} -eq 0 ]; then
  # The generated tests (tests/gen_tests.in) named after a syscall sysgate implements.
  implemented=$(node --input-type=module -e '
    const root = process.argv[1];
    const { Kernel } = await import(root + "/dist/src/kernel/kernel.js");
    const { implementedSyscalls } = await import(root + "/dist/src/kernel/entry.js");
    const { createNodeHost } = await import(root + "/dist/src/host/node.js");
    const host = createNodeHost();
    console.log(implementedSyscalls(new Kernel(host, {}).syscallTable).join(" "));
    host.close();
    process.exit(0);
  ' "$REPO" 2>/dev/null || true)
  if [ -z "$implemented" ]; then echo "strace-testsuite.sh: build sysgate first (npm run build)" >&2; exit 2; fi
  while read -r name _; do
    case "$name" in ''|'#'*|*secontext*|*pidns*) continue ;; esac
    base=${name%%-*}
    case " $implemented " in *" $base "*) TESTS+=("$name.gen.test") ;; esac
  done < "$SRC/tests/gen_tests.in"
  # strace's hand-written tests of its options and output rules. Left out: ptrace itself (attaching
  # to host pids, -D, -k, -I), pid namespaces, SELinux, and the tests of the signal mask and ignored
  # signals strace inherits (Node resets both as it starts, so sysgate cannot pass them on), and the
  # syntax tests and fflush/first_exec_failure, whose messages start with the path of the strace
  # binary run (tests/trace/options.test.ts checks those two against the real strace instead), and
  # umovestr_cached, which runs the tracer under itself through a dynamically linked shell.
  for name in $OPTION_TESTS; do TESTS+=("$name.test"); done
fi

make -k -j"$(nproc 2>/dev/null || echo 2)" -C "$SRC/tests" check TESTS="${TESTS[*]}" STRACE="$WORK/sysgate-strace" > "$WORK/check.log" 2>&1 || true
grep -E '^(PASS|FAIL|SKIP|XFAIL|ERROR):' "$WORK/check.log" > "$WORK/results" || true
for r in PASS FAIL SKIP ERROR; do printf '%-6s %4s\n' "$r" "$(grep -c "^$r:" "$WORK/results" || true)"; done
echo "per-test logs: $SRC/tests/NAME.log; the list: $WORK/results"
