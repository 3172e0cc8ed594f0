#!/usr/bin/env bash
# Install what sysgate's tests need from Debian, if it is missing:
#   musl-gcc (musl-tools), /bin/busybox static (busybox-static), strace, gcc + static glibc
#   (gcc, libc6-dev), nasm, make, tmux (the interactive terminal test).
# Idempotent: when everything is present it only checks and returns. As root it runs
# `apt-get update` once and `apt-get install -y ...`; otherwise it names the packages and fails.
set -euo pipefail

missing=()
have_cmd() { command -v "$1" >/dev/null 2>&1; }
pkg_installed() {
  have_cmd dpkg-query && [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

have_cmd musl-gcc || missing+=(musl-tools)
have_cmd strace || missing+=(strace)
have_cmd gcc || missing+=(gcc)
have_cmd nasm || missing+=(nasm)
have_cmd make || missing+=(make)
have_cmd tmux || missing+=(tmux)
# Static glibc for `gcc -static` / `-static-pie`.
if [ ! -e /usr/lib/x86_64-linux-gnu/libc.a ] && [ ! -e /usr/lib64/libc.a ] && [ ! -e /usr/lib/libc.a ]; then
  missing+=(libc6-dev)
fi
# The busybox tests want Debian's statically linked build at /bin/busybox.
if have_cmd dpkg-query; then
  pkg_installed busybox-static || missing+=(busybox-static)
elif [ ! -x /bin/busybox ]; then
  missing+=(busybox-static)
fi

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-test-deps: all test dependencies are present"
  exit 0
fi

echo "install-test-deps: missing: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-deps: not root; please run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
if ! have_cmd apt-get; then
  echo "install-test-deps: apt-get not found; install these packages by hand: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"
echo "install-test-deps: installed ${missing[*]}"
