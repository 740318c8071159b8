#!/bin/sh
# gen.sh builds vdso.so from src/vdso.c, src/vdso.lds and src/vdso.map, and writes
# vdso.sum: the SHA-256 of those sources and of this script, and the gcc
# that built it. Run it (go generate ./sentry/loader/vdso) after changing
# any of them and commit the results: `go build` needs no gcc.
#   usage: gen.sh [outdir]   (default: this directory)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
CC=${CC:-gcc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
$CC -std=gnu11 -O2 -fPIC -fvisibility=hidden -fno-stack-protector -fno-asynchronous-unwind-tables \
	-fno-unwind-tables -fno-jump-tables -fcf-protection=none -fno-plt -mno-red-zone -ffreestanding \
	-Wall -Werror -c -o "$tmp/vdso.o" "$here/src/vdso.c"
$CC -nostdlib -shared -Wl,-T,"$here/src/vdso.lds" -Wl,--version-script="$here/src/vdso.map" \
	-Wl,-soname=linux-vdso.so.1 -Wl,--hash-style=both -Wl,--build-id=none -Wl,-Bsymbolic \
	-Wl,--no-undefined -Wl,-z,max-page-size=4096 -Wl,-z,noexecstack -Wl,-z,norelro -Wl,--strip-all \
	-o "$tmp/vdso.so" "$tmp/vdso.o"
cp "$tmp/vdso.so" "$out/vdso.so"
{
	cd "$here"
	sha256sum gen.sh src/vdso.c src/vdso.lds src/vdso.map
	echo "cc $($CC -dumpfullversion 2>/dev/null || $CC -dumpversion)"
} > "$out/vdso.sum"
