#!/bin/sh
# fixed_table.sh — regenerates the entries of prover/stark/fixed_known.c: proves a tiny
# zkvm program (gen_zk sum) at log_blowup 1..4 and prints the fixed roots each proof's
# verification uses (stark_fixed_table). Usage: tools/stark_bench/fixed_table.sh BUILD_DIR
set -eu
B=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$B/tests/zkvm/gen_zk" sum "$T/s.uisa"
args=""
for p in 1/84/16 2/42/16 3/28/16 4/21/16; do
    lb=${p%%/*}
    UVM_STARK_PARAMS=$p "$B/cli/uvm" prove -o "$T/s$lb.uvp" "$T/s.uisa" >/dev/null
    args="$args $T/s$lb.uvp $T/s.uisa"
done
# shellcheck disable=SC2086
"$B/tools/stark_bench/stark_fixed_table" $args
