"""test_proof_identity.py TOOL BUILD — tools/proof_identity on corpus fib -O0 (small):
the build against itself is "same" (exit 0; the prover is deterministic); against a base
whose prover flips one proof byte it is "DIFFERENT ... uvp" (exit 1); against a base whose
prover fails it is "FAILED" (exit 1). The base builds are fakes: a dir holding the real
xlate, a wrapped uvm and the real corpus manifest (--base-build)."""
import os, subprocess, sys, tempfile

TOOL, BUILD = sys.argv[1], os.path.abspath(sys.argv[2])
ARGS = ["--no-build", "--build", BUILD, "--programs", "fib", "--levels", "O0"]

WRAP = """#!/usr/bin/env python3
import subprocess, sys
rc = subprocess.run([{uvm!r}] + sys.argv[1:]).returncode
if {mode!r} == "fail":
    sys.exit(1)
out = sys.argv[sys.argv.index("-o") + 1]
with open(out, "r+b") as f:  # flip the last byte of the proof
    f.seek(-1, 2)
    b = f.read(1)
    f.seek(-1, 2)
    f.write(bytes([b[0] ^ 1]))
sys.exit(rc)
"""


def fake_base(tmp, mode):
    d = os.path.join(tmp, mode)
    os.makedirs(os.path.join(d, "cli"))
    os.makedirs(os.path.join(d, "corpus"))
    os.symlink(os.path.join(BUILD, "cli", "xlate"), os.path.join(d, "cli", "xlate"))
    os.symlink(os.path.join(BUILD, "corpus", "manifest.json"),
               os.path.join(d, "corpus", "manifest.json"))
    uvm = os.path.join(d, "cli", "uvm")
    with open(uvm, "w") as f:
        f.write(WRAP.format(uvm=os.path.join(BUILD, "cli", "uvm"), mode=mode))
    os.chmod(uvm, 0o755)
    return d


def tool(*extra):
    p = subprocess.run([sys.executable, TOOL] + ARGS + list(extra), capture_output=True,
                       text=True)
    return p.returncode, p.stdout, p.stderr


def check(cond, what, out):
    if not cond:
        sys.exit(f"FAIL: {what}\n{out}")


def main():
    rc, out, err = tool("--base-build", BUILD)
    check(rc == 0 and "fib" in out and " same " in out and "1 same, 0 DIFFERENT, 0 FAILED" in out
          and "--proof-size fast" in out, "the build against itself is not all same", out + err)
    with tempfile.TemporaryDirectory(prefix="test-proof-identity-") as tmp:
        rc, out, err = tool("--base-build", fake_base(tmp, "flip"))
        line = [l for l in out.splitlines() if l.startswith("fib")]
        check(rc == 1 and len(line) == 1 and "DIFFERENT" in line[0] and "uvp" in line[0]
              and "uisa" not in line[0] and "0 same, 1 DIFFERENT" in out,
              "a flipped proof byte is not reported as a uvp difference", out + err)
        rc, out, err = tool("--base-build", fake_base(tmp, "fail"))
        check(rc == 1 and "FAILED" in out and "base: uvm prove" in out and "1 FAILED" in out,
              "a failing base prover is not reported", out + err)
    print("ok: same, DIFFERENT (uvp), FAILED")


main()
