#!/usr/bin/env python3
"""rvdiff: differential test of uvm against qemu-riscv32 on rvgen's random programs.

For each seed: generate (tools/rvgen), assemble and link, run under qemu-riscv32 and under
`xlate ELF | uvm run -`, and require identical stdout bytes and exit codes. A mismatch prints
the seed and the first differing register or buffer byte, and keeps the .s and .elf (plus a
.txt with the details) in OUT/failures/. Exit status: 0 all equal, 1 some mismatch, 77 a
required tool is missing or uvm has no `run` yet (meson's "skipped"; UVM_DIFF_REQUIRE=1
makes the latter a failure), 2 usage.

Invariant: a seed is reported as a uvm mismatch only if qemu ran it cleanly (exit, full dump);
a program qemu rejects is reported as a generator bug instead.

  rvdiff.py --variant im --seeds 0:1000 --out DIR --as AS --ld LD --qemu Q --xlate X --uvm U
  rvdiff.py ... --levels=-O0,-O1      # each program under each xlate level
  rvdiff.py ... --qemu-only            # check the generator alone
  rvdiff.py ... --reduce SEED          # shrink a failing seed to a small .s (OUT/failures/)
"""

import argparse
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools", "rvgen"))
import rvgen  # noqa: E402

DUMP_LEN = rvgen.DUMP_BYTES + rvgen.BUF_BYTES
RUN_TIMEOUT = 30
CFG = None      # the parsed arguments, set in every worker by init_worker
WORK = None     # this worker's scratch directory


class ToolError(Exception):
    pass


def init_worker(cfg):
    global CFG, WORK
    CFG = cfg
    WORK = tempfile.mkdtemp(prefix="w%d-" % os.getpid(), dir=cfg.work)


def build(text, stem):
    """Assemble and link `text` into stem.elf; raises ToolError with the tool's first line."""
    march = rvgen.VARIANTS[CFG.variant][0]
    with open(stem + ".s", "w") as f:
        f.write(text)
    for cmd in ([CFG.as_, "-march=" + march, "-mabi=ilp32", "-o", stem + ".o", stem + ".s"],
                [CFG.ld, "-m", "elf32lriscv", "-Ttext=0x10000", "--no-relax", "-o",
                 stem + ".elf", stem + ".o"]):
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            raise ToolError("%s: %s" % (os.path.basename(cmd[0]),
                                        (p.stderr.strip().splitlines() or ["?"])[-1]))
    return stem + ".elf"


def run(cmd, data=None):
    """(exit code, stdout bytes, last stderr line); a timeout is exit code 'timeout'.
    The last line because guest fd 2 writes come first and a fault message last."""
    try:
        p = subprocess.run(cmd, input=data if data is not None else b"",
                           capture_output=True, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        return "timeout", b"", "no exit within %d s" % RUN_TIMEOUT
    err = p.stderr.strip().splitlines()
    return p.returncode, p.stdout, (repr(err[-1])[2:-1][:200] if err else "")


def first_diff(ref, got):
    """One line naming the first differing byte of two outputs: a register or buffer byte
    of the final dump, or a byte of an earlier (mid-program) write."""
    n = min(len(ref), len(got))
    off = next((i for i in range(n) if ref[i] != got[i]), None)
    if off is None:
        return "output length %d, qemu %d (common prefix equal)" % (len(got), len(ref))
    early = len(ref) - DUMP_LEN
    if off < early:
        return "byte %d of the mid-program writes: qemu 0x%02x, uvm 0x%02x" % (
            off, ref[off], got[off])
    if len(got) != len(ref):
        return "output length %d, qemu %d, first difference at byte %d" % (
            len(got), len(ref), off)
    off -= early
    ref, got = ref[early:], got[early:]
    if off < rvgen.DUMP_BYTES:
        r = off // 4
        w = lambda b: int.from_bytes(b[4 * r:4 * r + 4].ljust(4, b"\0"), "little")
        return "register x%d: qemu 0x%08x, uvm 0x%08x" % (r, w(ref), w(got))
    b = off - rvgen.DUMP_BYTES
    return "buf[%d] (addr buf+0x%x): qemu 0x%02x, uvm 0x%02x" % (b, b, ref[off], got[off])


def check(text, stem):
    """Status of one program: ('ok'|'gen'|'diff', message)."""
    try:
        elf = build(text, stem)
    except ToolError as e:
        return "gen", "does not assemble: %s" % e
    qrc, qout, qerr = run([CFG.qemu, elf])
    if qrc == "timeout" or qrc < 0 or len(qout) < DUMP_LEN:
        return "gen", "qemu: exit %s, %d bytes out, %s" % (qrc, len(qout), qerr)
    if CFG.qemu_only:
        return "ok", ""
    for level in CFG.levels:
        msg = compare(elf, level, qrc, qout)
        if msg:
            return "diff", ("xlate %s: " % level if level else "") + msg
    return "ok", ""


def compare(elf, level, qrc, qout):
    """None if `xlate [level] elf | uvm run -` matches qemu's run, else what differs."""
    rc, uout, uerr = run([CFG.xlate] + ([level] if level else []) + [elf])
    if rc != 0:
        return "xlate exit %s: %s" % (rc, uerr)
    urc, uout, uerr = run([CFG.uvm, "run", "-"], uout)
    if urc == qrc and uout == qout:
        return None
    msg = []
    if uout != qout:
        msg.append(first_diff(qout, uout))
    if urc != qrc:
        msg.append("exit code qemu %d, uvm %s" % (qrc, urc))
    if uerr:
        msg.append("uvm stderr: " + uerr)
    return "; ".join(msg)


def keep(stem, name, detail):
    fail = os.path.join(CFG.out, "failures")
    os.makedirs(fail, exist_ok=True)
    for ext in (".s", ".elf"):
        if os.path.exists(stem + ext):
            shutil.copyfile(stem + ext, os.path.join(fail, name + ext))
    with open(os.path.join(fail, name + ".txt"), "w") as f:
        f.write(detail + "\n")
    return os.path.join(fail, name + ".s")


def one(seed):
    text = rvgen.program(seed, CFG.variant, CFG.insns)
    stem = os.path.join(WORK, "p")
    status, msg = check(text, stem)
    kept = None
    if status != "ok":
        kept = keep(stem, "%s-%d" % (CFG.variant, seed), "seed %d %s: %s" % (seed, status, msg))
    return seed, status, msg, kept, rvgen.mnemonics(text) if CFG.coverage else None


def reduce(seed):
    """Greedy delta reduction over top-level items; keeps any mismatch (not only the same)."""
    g = rvgen.Gen(seed, CFG.variant, CFG.insns).generate()
    stem = os.path.join(WORK, "r")
    status, msg = check(g.render(), stem)
    if status != "diff":
        print("seed %d does not mismatch (%s %s); nothing to reduce" % (seed, status, msg))
        return 1
    drop, n = set(), g.items()
    chunk = max(1, n // 2)
    while True:
        i = 0
        while i < n:
            trial = drop | set(range(i, min(n, i + chunk)))
            if trial != drop:
                st, m = check(g.render(trial), stem)
                if st == "diff":
                    drop, msg = trial, m
            i += chunk
        if chunk == 1:
            break
        chunk //= 2
    check(g.render(drop), stem)
    path = keep(stem, "%s-%d-min" % (CFG.variant, seed), "seed %d reduced: %s" % (seed, msg))
    print("seed %d: %d of %d items left: %s\n  %s" % (seed, n - len(drop), n, msg, path))
    return 0


def uvm_offers_run(uvm):
    """The placeholder uvm (before the VM lands) has no `run`: then the test is skipped."""
    try:
        p = subprocess.run([uvm, "--help"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return p.returncode == 0 and b"run" in p.stdout + p.stderr


def parse(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--variant", default="im", choices=sorted(rvgen.VARIANTS))
    ap.add_argument("--seeds", default="0:100", help="A:B (B excluded)")
    ap.add_argument("--insns", type=int, default=200)
    ap.add_argument("--out", required=True, help="directory for scratch and kept failures")
    ap.add_argument("--as", dest="as_", default="riscv64-unknown-elf-as")
    ap.add_argument("--ld", default="riscv64-unknown-elf-ld")
    ap.add_argument("--qemu", default="qemu-riscv32")
    ap.add_argument("--xlate", default="")
    ap.add_argument("--uvm", default="")
    ap.add_argument("--levels", default="",
                    help="comma-separated xlate options to run each program under, e.g. "
                         "-O0,-O1 (default: xlate's default only)")
    ap.add_argument("--qemu-only", action="store_true", help="only check the programs on qemu")
    ap.add_argument("--coverage", action="store_true",
                    help="also fail if a mnemonic of the variant is never generated")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--reduce", type=int, metavar="SEED")
    ap.add_argument("--show", type=int, default=10, help="mismatches printed in full")
    return ap.parse_args(argv)


def main(argv):
    cfg = parse(argv)
    cfg.levels = cfg.levels.split(",")
    tools = [cfg.as_, cfg.ld, cfg.qemu] + ([] if cfg.qemu_only else [cfg.xlate, cfg.uvm])
    missing = [t or "(not given)" for t in tools if not (t and shutil.which(t))]
    if missing:
        print("skipped: missing tool(s): " + ", ".join(missing))
        return 77
    if not cfg.qemu_only and not uvm_offers_run(cfg.uvm):
        msg = "%s does not offer `run` yet (uvm --help)" % cfg.uvm
        if os.environ.get("UVM_DIFF_REQUIRE") == "1":
            print("FAIL: %s and UVM_DIFF_REQUIRE=1" % msg)
            return 1
        print("skipped: " + msg)
        return 77
    os.makedirs(cfg.out, exist_ok=True)
    cfg.work = tempfile.mkdtemp(prefix="work-", dir=cfg.out)   # private: tests run in parallel
    if cfg.reduce is not None:
        init_worker(cfg)
        try:
            return reduce(cfg.reduce)
        finally:
            shutil.rmtree(cfg.work, ignore_errors=True)
    seeds = rvgen.parse_range(cfg.seeds)
    fails, seen = [], {}
    with multiprocessing.Pool(cfg.jobs, init_worker, (cfg,)) as pool:
        for seed, status, msg, kept, mn in pool.imap_unordered(one, seeds, chunksize=4):
            for k, v in (mn or {}).items():
                seen[k] = seen.get(k, 0) + v
            if status != "ok":
                fails.append((seed, status, msg, kept))
    shutil.rmtree(cfg.work, ignore_errors=True)
    fails.sort()
    for seed, status, msg, kept in fails[:cfg.show]:
        what = "GENERATOR BUG" if status == "gen" else "MISMATCH"
        print("%s variant %s seed %d: %s\n  kept %s" % (what, cfg.variant, seed, msg, kept))
    what = "qemu-only" if cfg.qemu_only else "uvm vs qemu"
    print("%s, %s, seeds %d:%d, %d insns: %d programs, %d failed%s" % (
        what, cfg.variant, seeds.start, seeds.stop, cfg.insns, len(seeds), len(fails),
        (" (seeds %s%s)" % (" ".join(str(f[0]) for f in fails[:40]),
                            " ..." if len(fails) > 40 else "")) if fails else ""))
    if fails:
        first = fails[0][0]
        cmd = [sys.executable, os.path.abspath(sys.argv[0])] + [
            a for a in argv if a != "--coverage" and not a.startswith("--seeds=")]
        i = cmd.index("--seeds") if "--seeds" in cmd else None
        if i is not None:
            del cmd[i:i + 2]
        print("reproduce: %s --seeds %d:%d\nshrink:    %s --reduce %d" % (
            " ".join(cmd), first, first + 1, " ".join(cmd), first))
    rc = 1 if fails else 0
    if cfg.coverage:
        lost = [m for m in rvgen.VARIANTS[cfg.variant][1] if not seen.get(m)]
        if lost:
            print("coverage: never generated: " + " ".join(lost))
            rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
