#!/usr/bin/env bash
# bench/run.sh: husk's benchmarks, as ratios measured in one run.
#
# Rows:
#   getppid ns/op        one trivial syscall, looped inside one process (bench/getppid.c)
#   static true ms       start-to-exit of a static binary (bench/true.c), median of N runs
#   dynamic /bin/true ms start-to-exit of a dynamic binary (ld.so, libc loading)
#   fork+exec+wait ns    fork, execve of static true, wait (bench/forkexec.c)
#   pipe round trip ns   one byte each way between two processes (bench/pingpong.c pipe)
#   futex ping-pong ns   a futex word handed between two threads (bench/pingpong.c futex)
#   open+close ns        open(O_RDONLY)+close of /usr/include/stdio.h (bench/fsbench.c)
#   stat 10k files ns    stat of each of 10000 small files, first walk (bench/fsbench.c)
#   tar /usr/include ms  `tar cf /dev/null /usr/include` start to exit, median of 5
#   write 256 MiB MB/s   sequential 1 MiB writes + fsync into build/bench (the working
#                        directory: through the gofer in husk, runsc's overlay in runsc)
#   read 256 MiB MB/s    sequential 1 MiB reads of a host file
#   (MB/s rows: higher is better, so husk/native below 1 means slower)
#   clock_gettime ns/op  clock_gettime(CLOCK_MONOTONIC) through libc, looped (bench/clock.c):
#                        the vDSO's cost where it serves the call, a trap's where it does not
# Columns: native, husk on each platform (`bin/husk do --platform=P --`: ptrace and
# systrap), runsc (`runsc --network=none do`, gVisor's default platform, systrap), and
# the last husk platform's ratios to native and to runsc. A runner that fails a row prints
# "error" in that cell (its stderr goes to build/bench/<row>.<runner>.log); one that is
# not available prints "-".
#
# Knobs: HUSK_BIN (default bin/husk), HUSK_PLATFORMS (default "ptrace systrap"), BENCH_RUNSC=0
# (skip runsc), BENCH_RUNS (start-to-exit runs, default 20), BENCH_GETPPID_N (default
# 200000), BENCH_CLOCK_N (default 1000000), BENCH_TIMEOUT (seconds per cell, default 60).
# runsc is gVisor's, installed by ../shared/peers/install-runsc.sh (relative to the repo
# root) when that script exists; it needs root.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/build/bench
mkdir -p "$OUT"

RUNS=${BENCH_RUNS:-20}
GETPPID_N=${BENCH_GETPPID_N:-200000}
CLOCK_N=${BENCH_CLOCK_N:-1000000}
CELL_TIMEOUT=${BENCH_TIMEOUT:-60}
HUSK=${HUSK_BIN:-$ROOT/bin/husk}

gcc -O2 -static -o "$OUT/true" bench/true.c &&
  gcc -O2 -static -o "$OUT/getppid" bench/getppid.c &&
  gcc -O2 -static -o "$OUT/clock" bench/clock.c &&
  gcc -O2 -static -o "$OUT/forkexec" bench/forkexec.c &&
  gcc -O2 -static -pthread -o "$OUT/pingpong" bench/pingpong.c &&
  gcc -O2 -o "$OUT/timeit" bench/timeit.c &&
  gcc -O2 -static -o "$OUT/fsbench" bench/fsbench.c || { echo "bench: gcc failed" >&2; exit 1; }
# Inputs of the file-system rows, made natively.
if [ ! -e "$OUT/smallfiles/f9999" ]; then
  mkdir -p "$OUT/smallfiles" && (cd "$OUT/smallfiles" && for i in $(seq 0 9999); do echo "$i" >"f$i"; done)
fi
[ -s "$OUT/fs-read" ] || head -c $((256 << 20)) /dev/urandom >"$OUT/fs-read"

# Runners: a name and the words that go before the command.
PLATFORMS=(${HUSK_PLATFORMS:-${HUSK_PLATFORM:-ptrace systrap}})
LAST=${PLATFORMS[${#PLATFORMS[@]}-1]}
husk_ok=1
[ -x "$HUSK" ] || { echo "bench: $HUSK not found (make build): husk cells will say error" >&2; husk_ok=0; }

runsc_cmd=()
if [ "${BENCH_RUNSC:-1}" != 0 ] && [ -x ../shared/peers/install-runsc.sh ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "bench: runsc needs root: runsc column skipped" >&2
  elif RUNSC=$(../shared/peers/install-runsc.sh) && [ -x "$RUNSC" ]; then
    runsc_cmd=("$RUNSC" --network=none do)
  else
    echo "bench: installing runsc failed: runsc column skipped" >&2
  fi
fi

# cell ROW RUNNER PREFIX... :: KIND CMD...: prints one cell value.
#   KIND getppid: the median of 3 runs' ns/op; KIND start: timeit's median, in ms.
cell() {
  local row=$1 runner=$2; shift 2
  local prefix=()
  while [ "$1" != :: ]; do prefix+=("$1"); shift; done
  shift
  local kind=$1; shift
  local log="$OUT/$row.$runner.log"
  : >"$log"
  case $kind in
  getppid)
    local vals=() v
    for _ in 1 2 3; do
      v=$(timeout "$CELL_TIMEOUT" "${prefix[@]}" "$@" 2>>"$log" </dev/null | awk '$1 == "ns/op" { print $2 }')
      [ -n "$v" ] || { echo error; return; }
      vals+=("$v")
    done
    printf '%s\n' "${vals[@]}" | sort -g | sed -n 2p
    ;;
  mbps)
    local vals=() v
    for _ in 1 2 3; do
      v=$(timeout "$CELL_TIMEOUT" "${prefix[@]}" "$@" 2>>"$log" </dev/null | awk '$1 == "MB/s" { print $2 }')
      [ -n "$v" ] || { echo error; return; }
      vals+=("$v")
    done
    printf '%s\n' "${vals[@]}" | sort -g | sed -n 2p
    ;;
  start)
    local r
    r=$(timeout "$CELL_TIMEOUT" "$OUT/timeit" "$RUNS" "${prefix[@]}" "$@" 2>>"$log")
    case $r in
    median_us*) echo "$r" | awk '{ printf "%.3f\n", $2 / 1000 }' ;;
    *) echo "$r" >>"$log"; echo error ;;
    esac
    ;;
  esac
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2fx\n", a / b; else print "-" }'; }

header=(row native)
for p in "${PLATFORMS[@]}"; do header+=("husk/$p"); done
header+=(runsc "$LAST/native" "$LAST/runsc")
fmt="%-22s$(printf ' %%14s%.0s' $(seq 2 ${#header[@]}))\n"
printf "$fmt" "${header[@]}"
# row ID LABEL KIND CMD...: one table row; ID names the logs.
row() {
  local id=$1 label=$2; shift 2
  local n h r p cells=()
  n=$(cell "$id" native :: "$@")
  for p in "${PLATFORMS[@]}"; do
    if [ $husk_ok = 1 ]; then h=$(cell "$id" "husk-$p" "$HUSK" do "--platform=$p" -- :: "$@"); else h=error; fi
    cells+=("$h")
  done
  if [ ${#runsc_cmd[@]} -gt 0 ]; then r=$(cell "$id" runsc "${runsc_cmd[@]}" :: "$@"); else r=-; fi
  printf "$fmt" "$label" "$n" "${cells[@]}" "$r" "$(ratio "$h" "$n")" "$(ratio "$h" "$r")"
}

row getppid "getppid ns/op" getppid "$OUT/getppid" "$GETPPID_N"
row true_static "static true ms" start "$OUT/true"
row true_dynamic "/bin/true ms" start /bin/true
row forkexec "fork+exec+wait ns" getppid "$OUT/forkexec" 100 "$OUT/true"
row pipe "pipe round trip ns" getppid "$OUT/pingpong" pipe 5000
row futex "futex ping-pong ns" getppid "$OUT/pingpong" futex 5000
row fs_openclose "open+close ns" getppid "$OUT/fsbench" openclose /usr/include/stdio.h 20000
row fs_stat "stat 10k files ns" getppid "$OUT/fsbench" stat "$OUT/smallfiles" 10000
RUNS=5 row fs_tar "tar /usr/include ms" start tar cf /dev/null /usr/include
row fs_write "write 256 MiB MB/s" mbps "$OUT/fsbench" write "$OUT/fs-write" 256
row fs_read "read 256 MiB MB/s" mbps "$OUT/fsbench" read "$OUT/fs-read"
row clock "clock_gettime ns/op" getppid "$OUT/clock" "$CLOCK_N"

# The host kernel surface of four workloads (bench/hap-report.md), where tracefs is usable.
if [ "$(id -u)" = 0 ] && { [ -d /sys/kernel/tracing/instances ] || mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null; } && [ -d /sys/kernel/tracing/instances ]; then
  echo
  ./bench/hap.sh && sed -n '/^## /,$p' bench/hap-report.md | grep -E '^(## |\|  \| |\| (command|distinct host|total host) )'
else
  echo "bench: husk hap skipped (needs root and tracefs at /sys/kernel/tracing)" >&2
fi
