#!/usr/bin/env python3
"""run_corpus.py — differential test of one corpus program: for every variant (gcc,
clang, gcc-rvc) and input in the manifest (plus edge inputs cut from the small one and a few seeded
mutants of it, which mostly exercise the bad-input paths), the guest's stdout
and exit code must equal those of the host (x86) build of the same source.

  run_corpus.py --manifest M --program P qemu --qemu PATH
  run_corpus.py --manifest M --program P uvm --xlate PATH --uvm PATH [--levels=-O0,]

The uvm mode runs `xlate [LEVEL] ELF | uvm run --input IN -` for the default level and
every -ON that `xlate --help` mentions (so new levels are tested as they appear). When `uvm` does not
offer `run` yet (its --help fails or does not list it) the test exits 77 (meson:
SKIP), unless UVM_CORPUS_REQUIRE=1 makes that a failure. A uvm that runs but
disagrees always fails. Exit 0 = all equal, 1 = mismatch, 77 = skipped."""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile

TIMEOUT = 120


def run(cmd, stdin_path=None, stdin_pipe=None):
    """Returns (exit code, stdout bytes, stderr bytes); a timeout is exit code 'timeout'."""
    fin = open(stdin_path, "rb") if stdin_path else stdin_pipe
    try:
        p = subprocess.run(cmd, stdin=fin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=TIMEOUT)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return "timeout", b"", b""
    finally:
        if stdin_path:
            fin.close()


def mutate(rnd, data):
    d = bytearray(data)
    for _ in range(rnd.randint(1, 6)):
        k = rnd.randint(0, 3)
        if k == 0 and d:
            d[rnd.randrange(len(d))] = rnd.randrange(256)
        elif k == 1 and d:
            i = rnd.randrange(len(d))
            del d[i:i + rnd.randint(1, 8)]
        elif k == 2:
            d.insert(rnd.randrange(len(d) + 1), rnd.randrange(256))
        else:
            d = d[:rnd.randrange(len(d) + 1)]
    return bytes(d)


def first_diff(a, b):
    la, lb = a.splitlines(), b.splitlines()
    for i in range(max(len(la), len(lb))):
        x = la[i] if i < len(la) else b"<missing>"
        y = lb[i] if i < len(lb) else b"<missing>"
        if x != y:
            return f"line {i + 1}: expected {x[:120]!r}, got {y[:120]!r}"
    return "outputs equal"


def uvm_available(uvm):
    try:
        p = subprocess.run([uvm, "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=30)
    except OSError:
        return False
    return p.returncode == 0 and b"run" in p.stdout


def xlate_levels(xlate):
    """The default level plus each -O0..-O3 the translator's --help mentions."""
    try:
        p = subprocess.run([xlate, "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=30)
        text = p.stdout.decode(errors="replace")
    except OSError:
        text = ""
    return [""] + [f"-O{k}" for k in range(4) if re.search(rf"-O{k}\b", text)]


def uvm_runner(xlate, uvm, level):
    def runner(elf, inp):
        xl = [xlate] + ([level] if level else []) + [elf]
        x = subprocess.Popen(xl, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            rc, out, err = run([uvm, "run", "--input", inp, "-"], stdin_pipe=x.stdout)
        finally:
            x.stdout.close()
            try:
                xerr = x.communicate(timeout=TIMEOUT)[1]
            except subprocess.TimeoutExpired:
                x.kill()
                xerr = b"(timeout)"
        if x.returncode != 0:
            return f"xlate exit {x.returncode}", b"", xerr
        return rc, out, err
    return runner


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--program", required=True)
    ap.add_argument("mode", choices=["qemu", "uvm"])
    ap.add_argument("--qemu")
    ap.add_argument("--xlate")
    ap.add_argument("--uvm")
    ap.add_argument("--levels", help="comma-separated xlate levels, '' = default level "
                    "(default: the default plus every -ON that `xlate --help` mentions)")
    ap.add_argument("--inputs", default="small,large")
    ap.add_argument("--no-edge", dest="edge", action="store_false",
                    help="skip the derived inputs (edge cases and mutants of the small one)")
    ap.add_argument("--mutants", type=int, default=6, help="mutated small inputs per variant")
    a = ap.parse_args()

    entries = [e for e in json.load(open(a.manifest))["entries"]
               if e["program"] == a.program and e["input_name"] in a.inputs.split(",")]
    if not entries:
        print(f"no manifest entries for program {a.program!r}")
        return 1

    runners = []
    if a.mode == "qemu":
        runners.append(("qemu", lambda elf, inp: run([a.qemu, elf], stdin_path=inp)))
    else:
        if not uvm_available(a.uvm):
            msg = f"{a.uvm} does not offer `run` yet (uvm --help)"
            if os.environ.get("UVM_CORPUS_REQUIRE") == "1":
                print("FAIL: " + msg + " and UVM_CORPUS_REQUIRE=1")
                return 1
            print("SKIP: " + msg)
            return 77
        levels = a.levels.split(",") if a.levels is not None else xlate_levels(a.xlate)
        for level in levels:
            runners.append((f"uvm{(' ' + level) if level else ''}",
                            uvm_runner(a.xlate, a.uvm, level)))

    # Inputs derived from the small one exercise the programs' bad-input paths (exit 2
    # with a message) on every oracle: empty, 7 bytes, one byte short, mutants.
    tmp = tempfile.TemporaryDirectory()
    if a.edge:
        for e in [e for e in entries if e["input_name"] == "small"]:
            data = open(e["input"], "rb").read()
            for name, cut in (("empty", b""), ("7 bytes", data[:7]), ("short", data[:-1])):
                path = os.path.join(tmp.name, name.replace(" ", "_"))
                with open(path, "wb") as fp:
                    fp.write(cut)
                entries.append(dict(e, input_name=name, input=path))
            # Mutants: a few byte flips, insertions, deletions and cuts, seeded by the
            # program's name so every run checks the same inputs.
            rnd = random.Random("mutants/" + e["program"])
            for k in range(a.mutants):
                path = os.path.join(tmp.name, f"mutant{k}")
                with open(path, "wb") as fp:
                    fp.write(mutate(rnd, data))
                entries.append(dict(e, input_name=f"mutant {k}", input=path))

    expected, failures, checked = {}, 0, 0
    for e in entries:
        if e["input"] not in expected:
            expected[e["input"]] = run([e["host"]], stdin_path=e["input"])
        want_rc, want_out, _ = expected[e["input"]]
        for name, runner in runners:
            got_rc, got_out, got_err = runner(e["elf"], e["input"])
            checked += 1
            tag = f"{e['program']}.{e['variant']} < {e['input_name']} [{name}]"
            if got_rc == want_rc and got_out == want_out:
                print(f"ok   {tag}: exit {got_rc}, {len(got_out)} bytes")
                continue
            failures += 1
            print(f"FAIL {tag}: exit {got_rc} (host {want_rc}); {first_diff(want_out, got_out)}")
            if got_err:
                print("     stderr: " + got_err[-400:].decode(errors="replace").replace("\n", "\n     "))
    print(f"{checked - failures}/{checked} runs agree with the host build")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
