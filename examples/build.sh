#!/usr/bin/env bash
# Rebuild the example programs that ship with sysgate (their binaries are committed so that the
# README's first command needs no compiler). Small on purpose: musl, -static -Os, stripped.
set -euo pipefail
cd "$(dirname "$0")"
need() { command -v "$1" >/dev/null || { echo "examples/build.sh: '$1' is missing (apt-get install $2)" >&2; exit 1; }; }
need nasm nasm
need musl-gcc musl-tools
need ld binutils

echo "+ nasm/ld hello.asm -> hello"
nasm -f elf64 -o hello.o hello.asm
ld -static -s -o hello hello.o
rm -f hello.o

for prog in hello-c cat ls; do
  echo "+ musl-gcc -static -Os $prog.c -> $prog"
  musl-gcc -static -Os -s -o "$prog" "$prog.c"
done
ls -l hello hello-c cat ls
