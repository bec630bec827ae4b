#!/usr/bin/env bash
# End-to-end I/O benchmark over NBD (issue 5): fio's nbd engine against
#   ref  nbdkit's file plugin on a file in the same filesystem as the bricks (the reference)
#   r1   a Hyperblock volume with 1 replica
#   r3   a Hyperblock volume with 3 replicas (write quorum 2)
#   ec   a Hyperblock EC 4+2 volume
# all on this machine, in one go, and prints a table of each figure and its ratio to the reference.
#
#   bench/io/run.sh            the full run (about 8 minutes on 2 busy cores)
#   bench/io/run.sh --quick    5 s per job and a 256 MiB working set, to try the harness
#
# Jobs (one fio process, one NBD connection, per job and target), in this order so that reads
# find written data: 1M sequential write QD8 over the whole working set, 1M sequential read QD8,
# 4K random read QD32, 4K random read QD1 (p50/p99 latency), 4K random write QD32.
#
# The appliance is a private one started with ./hyperblock (its own data directory under the work
# directory and its own ports, so an appliance you run on the default ports is left alone), and
# stopped at the end. Settings (environment):
#   HB_BENCH_WORK      work directory: reference file, appliance data (default bench/io/target-run;
#                      wiped at the start)
#   HB_BENCH_SIZE_MIB  working set per target in MiB (default 512)
#   HB_BENCH_RUNTIME   seconds per timed job (default 15)
#   HB_BENCH_CHUNK     chunk size of the Hyperblock volumes (default 16MiB)
#   HB_BENCH_WARMUP    seconds of unmeasured 4K random read/write per target first (default 8)
#   HB_BENCH_PORT_BASE first of the ports used (default 18400: REST +0, gRPC +1, Raft +2,
#                      nbdkit +9, bridge +10, bricks +11.., brick metrics +21..)
#   HB_BENCH_JFR=1     record a JFR profile of every Hyperblock process into the results
# Results: bench/results/io-<UTC time>/ (fio JSON per job, table.txt, load averages).
# Needs fio, nbdkit, python3 (for the table) and what ./hyperblock needs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="${HB_BENCH_WORK:-$ROOT/bench/io/target-run}"
SIZE_MIB="${HB_BENCH_SIZE_MIB:-512}"
RUNTIME="${HB_BENCH_RUNTIME:-15}"
# 16 MiB chunks spread the small working set over every brick the way a large volume's 128 MiB
# chunks are spread (512 MiB in 128 MiB chunks would sit on at most 4 bricks, R1 on 4 disks).
CHUNK="${HB_BENCH_CHUNK:-16MiB}"
WARMUP="${HB_BENCH_WARMUP:-8}"
BASE="${HB_BENCH_PORT_BASE:-18400}"
if [ "${1:-}" = --quick ]; then SIZE_MIB=256; RUNTIME=5; WARMUP=3; fi
RESULTS="$ROOT/bench/results/io-$(date -u +%Y%m%dT%H%M%SZ)"
NBDKIT_PORT=$((BASE + 9))
NBD_PORT=$((BASE + 10))

for tool in fio nbdkit python3 curl; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is not installed (.ci/install-deps)" >&2; exit 1; }
done

# The private appliance: every ./hyperblock setting it needs, exported once.
export HB_DATA="$WORK/data" HB_REST_PORT=$((BASE + 0)) HB_GRPC_PORT=$((BASE + 1)) \
  HB_RAFT_PORT=$((BASE + 2)) HB_NBD_PORT="$NBD_PORT" HB_BRICK_PORT_BASE=$((BASE + 10)) \
  HB_METRICS_PORT_BASE=$((BASE + 20))
if [ -n "${HB_BENCH_JFR:-}" ]; then
  mkdir -p "$RESULTS/jfr"
  export HB_JAVA_OPTS="${HB_JAVA_OPTS:-} -XX:StartFlightRecording=filename=$RESULTS/jfr/hb-%p.jfr,settings=profile,dumponexit=true"
fi

NBDKIT_PID=""
cleanup() {
  [ -n "$NBDKIT_PID" ] && kill "$NBDKIT_PID" 2>/dev/null || true
  "$ROOT/hyperblock" down >/dev/null 2>&1 || true
}
trap cleanup EXIT

mkdir -p "$RESULTS"
rm -rf "$WORK"
mkdir -p "$WORK"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$RESULTS/load.txt"
echo "working set $SIZE_MIB MiB per target, $RUNTIME s per timed job; results in $RESULTS"

# --- targets ---------------------------------------------------------------------------------
"$ROOT/hyperblock" up >"$RESULTS/hyperblock-up.txt" 2>&1 || { cat "$RESULTS/hyperblock-up.txt"; exit 1; }
for spec in "r1 --replicas 1" "r3 --replicas 3" "ec --data-chunks 4 --parity-chunks 2"; do
  set -- $spec
  "$ROOT/hyperblock" cli volume create --name "bench-$1" --size "${SIZE_MIB}MiB" \
    --chunk-size "$CHUNK" "${@:2}" >/dev/null
done
truncate -s "${SIZE_MIB}M" "$WORK/reference.img"
nbdkit --foreground --exit-with-parent --ipaddr 127.0.0.1 --port "$NBDKIT_PORT" \
  file "$WORK/reference.img" >"$RESULTS/nbdkit.log" 2>&1 &
NBDKIT_PID=$!

declare -A URI=(
  [ref]="nbd://127.0.0.1:$NBDKIT_PORT/"
  [r1]="nbd://127.0.0.1:$NBD_PORT/bench-r1"
  [r3]="nbd://127.0.0.1:$NBD_PORT/bench-r3"
  [ec]="nbd://127.0.0.1:$NBD_PORT/bench-ec"
)
TARGETS=(ref r1 r3 ec)
# name|fio arguments
JOBS=(
  "seqwrite-1m-qd8|--rw=write --bs=1m --iodepth=8"
  "seqread-1m-qd8|--rw=read --bs=1m --iodepth=8 --time_based --runtime=$RUNTIME"
  "randread-4k-qd32|--rw=randread --bs=4k --iodepth=32 --time_based --runtime=$RUNTIME"
  "randread-4k-qd1|--rw=randread --bs=4k --iodepth=1 --time_based --runtime=$RUNTIME"
  "randwrite-4k-qd32|--rw=randwrite --bs=4k --iodepth=32 --time_based --runtime=$RUNTIME"
)

until nbdinfo --size "${URI[ref]}" >/dev/null 2>&1; do sleep 0.1; done # nbdkit listening
# Unmeasured warm-up of every target: JIT compilation of the bridge's and bricks' hot paths
# (without it the first Hyperblock target measured, R1, paid for it and read 3-6x slower).
for target in "${TARGETS[@]}"; do
  fio --name=warmup --ioengine=nbd --uri="${URI[$target]}" --size="${SIZE_MIB}m" --rw=randrw \
    --bs=4k --iodepth=32 --time_based --runtime="$WARMUP" --output=/dev/null
done
t0=$SECONDS
for target in "${TARGETS[@]}"; do
  for job in "${JOBS[@]}"; do
    name="${job%%|*}"
    # shellcheck disable=SC2086 # the job's arguments are meant to split
    fio --name="$name" --ioengine=nbd --uri="${URI[$target]}" --size="${SIZE_MIB}m" \
      --output-format=json --output="$RESULTS/$target-$name.json" ${job#*|} ||
      { echo "run.sh: fio $name on $target failed"; cat "$RESULTS/$target-$name.json"; exit 1; }
    echo "  $target $name done ($((SECONDS - t0)) s)"
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS/load.txt"

python3 "$ROOT/bench/io/table.py" "$RESULTS" "${TARGETS[@]}" | tee "$RESULTS/table.txt"
