#!/usr/bin/env bash
# Run busybox's own test suite (from Debian's busybox source package, the same version as the
# busybox-static binary) for a list of applets, natively in a chroot and under `sysgate run --root`,
# and compare the PASS/FAIL lines. Not part of `npm test`: it downloads the source (about 2.5 MB)
# and takes minutes under the interpreter.
#
#   sudo scripts/busybox-testsuite.sh                 # the default applet list below
#   sudo scripts/busybox-testsuite.sh sed awk sort    # these applets
#
# Needs root (chroot, bind mounts) and Debian's apt sources. Exits 0 when sysgate's results equal
# the native ones, 1 otherwise, and leaves both logs in $WORK (default /tmp/sysgate-bbtests).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/debian-source.sh
REPO=$PWD
WORK=${WORK:-/tmp/sysgate-bbtests}
APPLETS=("$@")
if [ ${#APPLETS[@]} -eq 0 ]; then
  APPLETS=(cut sort uniq tr sed grep head tail wc basename dirname seq echo printf expr test xargs find
    cat tee od md5sum sha256sum base64 cmp diff paste fold expand rev tac nl comm sum cksum strings
    mkdir rm cp mv ln touch du tar gzip bunzip2 awk)
fi

[ "$(id -u)" -eq 0 ] || { echo "busybox-testsuite.sh: run as root (chroot and bind mounts)" >&2; exit 2; }
[ -x /bin/busybox ] || { echo "busybox-testsuite.sh: /bin/busybox is missing (apt-get install busybox-static)" >&2; exit 2; }

mkdir -p "$WORK"
cd "$WORK"
debian_source busybox "$WORK"

# The guest's root: busybox as /bin/sh, the test suite, and Debian's .config for the static build
# (the tests read it to skip what the binary lacks).
ROOT="$WORK/root"
umount "$ROOT/dev" "$ROOT/proc" 2>/dev/null || true
rm -rf "$ROOT"
mkdir -p "$ROOT/bin" "$ROOT/tmp" "$ROOT/dev" "$ROOT/proc"
cp /bin/busybox "$ROOT/bin/busybox"
cp /bin/busybox "$ROOT/busybox"
ln -s busybox "$ROOT/bin/sh"
cp -r src/busybox-*/testsuite "$ROOT/testsuite"
cp src/debian/config/pkg/static "$ROOT/.config"

run() { # $1: label; the rest: how to start "/bin/sh -c CMD" inside the root
  local label=$1
  shift
  rm -rf "$ROOT/runtest-tempdir-links"
  SKIP_KNOWN_BUGS=1 SKIP_INTERNET_TESTS=1 "$@" /bin/sh -c "cd /testsuite && ./runtest -v ${APPLETS[*]}" > "$WORK/$label.log" 2>&1 || true
  grep -E '^(PASS|FAIL|SKIPPED|UNTESTED):' "$WORK/$label.log" > "$WORK/$label.results" || true
}

mount --bind /dev "$ROOT/dev"
mount -t proc proc "$ROOT/proc"
start=$(date +%s)
run native chroot "$ROOT"
native_s=$(( $(date +%s) - start ))
umount "$ROOT/dev" "$ROOT/proc"

start=$(date +%s)
run sysgate node "$REPO/bin/sysgate" run --root "$ROOT"
sysgate_s=$(( $(date +%s) - start ))

count() { grep -c "^$1:" "$WORK/$2.results" || true; }
printf '%-8s %6s %6s %8s %6s\n' "" PASS FAIL SKIPPED time
printf '%-8s %6s %6s %8s %5ss\n' native "$(count PASS native)" "$(count FAIL native)" "$(count SKIPPED native)" "$native_s"
printf '%-8s %6s %6s %8s %5ss\n' sysgate "$(count PASS sysgate)" "$(count FAIL sysgate)" "$(count SKIPPED sysgate)" "$sysgate_s"
if diff -u "$WORK/native.results" "$WORK/sysgate.results"; then
  echo "busybox-testsuite.sh: sysgate's results equal the native ones (${#APPLETS[@]} applets)"
else
  echo "busybox-testsuite.sh: results differ (above); logs in $WORK" >&2
  exit 1
fi
