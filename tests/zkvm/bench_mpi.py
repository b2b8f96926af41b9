#!/usr/bin/env python3
"""bench_mpi.py UVM UISA INPUT [RANKS...] — not a test: one invocation proves the
same run with `mpirun -n K uvm prove --mpi --json` for each K (default 1 2), one
OpenMP thread per rank, and prints per K: wall time, the peak RSS of the largest
rank (GNU time's maxrss over mpirun's children), each rank's busy time (the
STARK seconds of its segments plus the trace and witness seconds of every
segment, which every rank spends), and checks that every K wrote the same bytes.
From the K=1 run's per-segment times it projects the wall time on H hosts:
  check run + sum over segments of (trace + witness) + LPT makespan of the
  per-segment STARK times over H hosts (longest first, each to the least
  loaded host; makespan >= the longest segment)
— gathering (a few MB per segment) is left out. Extra args after `--` go to
uvm prove (default: --proof-size fast)."""
import json, os, re, subprocess, sys, tempfile, time

uvm, uisa, inp = sys.argv[1:4]
rest = sys.argv[4:]
extra = ["--proof-size", "fast"]
if "--" in rest:
    extra = rest[rest.index("--") + 1:]
    rest = rest[:rest.index("--")]
ks = [int(k) for k in rest] or [1, 2]
mpirun = ["mpirun", "--oversubscribe", "-x", "OMP_NUM_THREADS=1", "--bind-to", "none"]
if os.geteuid() == 0:
    mpirun.append("--allow-run-as-root")
env = dict(os.environ, OMP_NUM_THREADS="1")


def lpt(times, hosts):
    load = [0.0] * hosts
    for t in sorted(times, reverse=True):
        load[load.index(min(load))] += t
    return max(load)


def projection(base, k):
    """Prints the projected wall time on H hosts from one run's per-segment times."""
    seg = base["per_segment"]
    stark = [s["time_s"]["stark_total"] for s in seg]
    serial = base["time_s"]["execute"] + sum(s["time_s"]["trace_generation"] +
                                             s["time_s"]["witness"] for s in seg)
    print("projection from K=%d's per-segment times: serial part (check run + trace + witness "
          "of all segments) %.1f s; STARK per segment %.1f..%.1f s" %
          (k, serial, min(stark), max(stark)))
    for h in (1, 2, 8, 48):
        print("  %2d hosts: ~%.1f s" % (h, serial + lpt(stark, h)))
    sys.stdout.flush()


proofs, base = {}, None
with tempfile.TemporaryDirectory() as d:
    for k in ks:
        out = os.path.join(d, "p%d.uvp" % k)
        cmd = ["/usr/bin/time", "-f", "maxrss_kib %M"] + mpirun + ["-n", str(k), uvm, "prove",
               "--mpi", "--json", "--input", inp, "-o", out] + extra + [uisa]
        t0 = time.monotonic()
        r = subprocess.run(cmd, capture_output=True, text=True, env=env)
        wall = time.monotonic() - t0
        if r.returncode:
            sys.exit("K=%d failed:\n%s" % (k, r.stderr[-2000:]))
        js = json.loads([l for l in r.stderr.splitlines() if l.startswith("{")][-1])
        rss = int(re.search(r"maxrss_kib (\d+)", r.stderr).group(1))
        seg = js["per_segment"]
        tw = sum(s["time_s"]["trace_generation"] + s["time_s"]["witness"] for s in seg)
        busy = [js["time_s"]["execute"] + tw + sum(s["time_s"]["stark_total"] for s in seg
                                                  if s["rank"] == q) for q in range(k)]
        proofs[k] = open(out, "rb").read()
        print("K=%d: %d insns, %d segments, wall %.1f s, peak RSS of the largest rank %.2f GiB, "
              "busy per rank %s s, segments per rank %s" %
              (k, js["insns_retired"], js["segments"], wall, rss / 2**20,
               [round(b, 1) for b in busy], [sum(s["rank"] == q for s in seg) for q in range(k)]))
        sys.stdout.flush()
        if base is None:
            base = js
            projection(base, k)
    assert all(p == proofs[ks[0]] for p in proofs.values()), "the proofs differ"
    print("same proof bytes for K in %s (%d bytes)" % (ks, len(proofs[ks[0]])))
