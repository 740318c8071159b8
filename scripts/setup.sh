#!/usr/bin/env bash
# Installs what husk's build, demo and tests need on a fresh Debian 12 machine, as
# root: Go is expected on PATH (or /usr/local/go); Debian packages come from apt.
set -euo pipefail
need=()
for p in gcc:gcc make:make strace:strace busybox:busybox-static stress-ng:stress-ng git:git sqlite3:sqlite3 tar:tar gzip:gzip; do
  cmd=${p%%:*} pkg=${p#*:}
  if [ "$pkg" = busybox-static ]; then [ -x /bin/busybox ] || need+=("$pkg"); continue; fi
  command -v "$cmd" >/dev/null 2>&1 || need+=("$pkg")
done
# Debian's python3 (not a pyenv shim): the e2e and hap workloads run it.
[ -x /usr/bin/python3 ] || need+=(python3)
# CPython's own test suite: test/e2e runs test_pty, test_os, test_posix... from it
# (TestRealCPython).
[ -f /usr/lib/python3.11/test/test_pty.py ] || need+=(libpython3.11-testsuite)
# libc6-dev gives static libc for the compat tests.
[ -f /usr/lib/x86_64-linux-gnu/libc.a ] || need+=(libc6-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v go >/dev/null 2>&1 || [ -x /usr/local/go/bin/go ] || { echo "setup: Go not found (install Go 1.26 to /usr/local/go)" >&2; exit 1; }
