#!/usr/bin/env python3
"""test_zk_mpi.py UVM XLATE CORPUS_DIR MPIRUN — `uvm prove --mpi` under Open MPI
on this one machine (3 ranks, oversubscribed): corpus fib (small input) at -O0
and -O2 in 4096-uop segments proves to the very bytes of the single-process
proof, every rank proves some segment (--json names the rank of each), and
`uvm verify --elf` accepts it with the expected output. A rank that fails on
its second segment (UVM_MPI_TEST_FAIL) or is killed there, and more ranks than
segments, fail with a line naming the rank (and segment) and leave the output
path as it was. MPIRUN "none": uvm was built without Open MPI (skipped, 77)."""
import json, os, subprocess, sys, tempfile

uvm, xlate, corpus, mpirun = sys.argv[1:5]
if mpirun == "none":
    print("SKIP: uvm was built without Open MPI (meson option mpi; tools/setup installs "
          "openmpi-bin and libopenmpi-dev)")
    sys.exit(77)

RANKS = 3
SEG = "4096"
base = [mpirun, "--oversubscribe", "-n", str(RANKS), "-x", "OMP_NUM_THREADS=1"]
if os.geteuid() == 0:  # CI runs as root; Open MPI refuses root without this
    base.insert(1, "--allow-run-as-root")
if not os.path.exists(os.path.join(corpus, "fib.gcc.elf")):
    print("SKIP: the corpus was not built (needs the riscv64-unknown-elf toolchain)")
    sys.exit(77)
env = dict(os.environ, OMP_NUM_THREADS="1")
env.pop("UVM_MPI_TEST_FAIL", None)
# Open MPI keeps allocations past MPI_Finalize: LeakSanitizer (UVM_SANITIZE=1
# builds) would report them as uvm's; the other tests cover uvm's own leaks
env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"), "detect_leaks=0"]))
elf = os.path.join(corpus, "fib.gcc.elf")
inp = os.path.join(corpus, "fib.small.in")
want = open(os.path.join(corpus, "fib.small.expected"), "rb").read()


def prove(uisa, out, mpi, extra_env=None, seg=SEG, json_out=False):
    cmd = [uvm, "prove", "--proof-size", "fast", "--segment-uops", seg, "--input", inp,
           "-o", out, uisa] + (["--json"] if json_out else [])
    e = dict(env, **(extra_env or {}))
    if mpi:
        cmd = base + [a for k in (extra_env or {}) for a in ("-x", k)] + [cmd[0], "prove",
                                                                            "--mpi"] + cmd[2:]
    return subprocess.run(cmd, capture_output=True, text=True, env=e, timeout=600)


with tempfile.TemporaryDirectory() as d:
    for level in ("-O0", "-O2"):
        uisa = os.path.join(d, "fib%s.uisa" % level)
        one, many = os.path.join(d, "one.uvp"), os.path.join(d, "many.uvp")
        subprocess.run([xlate, level, elf, "-o", uisa], check=True)
        r = prove(uisa, one, False)
        assert r.returncode == 0, r.stderr
        r = prove(uisa, many, True, json_out=True)
        assert r.returncode == 0, r.stderr
        js = json.loads([l for l in r.stderr.splitlines() if l.startswith("{")][-1])
        ranks = [s["rank"] for s in js["per_segment"]]
        assert js["segments"] >= 2 * RANKS and len(ranks) == js["segments"], js["segments"]
        assert sorted(set(ranks)) == list(range(RANKS)), ranks  # every rank proved some
        assert all(s["time_s"]["stark_total"] > 0 for s in js["per_segment"])
        a, b = open(one, "rb").read(), open(many, "rb").read()
        assert a == b, "%s: the --mpi proof differs from the single-process one" % level
        r = subprocess.run([uvm, "verify", many, "--elf", elf, level,
                            "--min-security", "conjectured:90"], capture_output=True,
                           timeout=600)
        assert r.returncode == 0, r.stderr
        assert r.stdout == want, (level, r.stdout[:100])
        print("ok: %s: %d segments on ranks %s, %d identical bytes, verified" %
              (level, js["segments"], ranks, len(b)))
        os.remove(one)
        os.remove(many)

    uisa = os.path.join(d, "fib-O0.uisa")
    out = os.path.join(d, "out.uvp")
    # a failing or dying rank: the command fails, nothing new at the output path
    for how, needle in (("1:2", "rank 1, segment "), ("1:2:kill", "rank 1")):
        open(out, "wb").write(b"old")
        r = prove(uisa, out, True, {"UVM_MPI_TEST_FAIL": how})
        assert r.returncode != 0, r.stderr
        assert needle in r.stderr, r.stderr
        if how == "1:2":
            assert "test fault" in r.stderr and "no proof written" in r.stderr, r.stderr
        assert open(out, "rb").read() == b"old", "the output path changed"
        assert sorted(os.listdir(d)) == ["fib-O0.uisa", "fib-O2.uisa", "out.uvp"], os.listdir(d)
        print("ok: UVM_MPI_TEST_FAIL=%s: exit %d, output untouched" % (how, r.returncode))
    os.remove(out)
    # more ranks than segments: one clear line, no proof
    r = prove(uisa, out, True, seg="1000000")
    assert r.returncode != 0 and "3 ranks for 1 segment" in r.stderr, r.stderr
    assert not os.path.exists(out)
    print("ok: 3 ranks for 1 segment refused")
    # mpirun without --mpi: refused instead of 3 processes writing one file
    r = subprocess.run(base + [uvm, "prove", "-o", out, uisa], capture_output=True, text=True,
                       env=env, timeout=600)
    assert r.returncode != 0 and "add --mpi" in r.stderr, r.stderr
    assert not os.path.exists(out)
    print("ok: mpirun without --mpi refused")
