#!/usr/bin/env python3
"""selftest.py: checks that rvdiff itself works (passes a faithful VM, catches and names each
kind of injected difference, reduces a failing seed) using fake_uvm.py in place of xlate/uvm,
so a broken comparison cannot make the diff suite pass silently.

  selftest.py OUTDIR --as AS --ld LD --qemu QEMU
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RVDIFF = os.path.join(HERE, "rvdiff.py")
FAKE = os.path.join(HERE, "fake_uvm.py")


def fake_tool(out):
    """fake_uvm.py behind a /bin/sh wrapper naming this interpreter: `#!/usr/bin/env python3`
    may hit a slow version-manager shim (~0.3 s a start, and the fake starts per program)."""
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, "fake_uvm")
    with open(path, "w") as f:
        f.write('#!/bin/sh\nexec "%s" "%s" "$@"\n' % (sys.executable, FAKE))
    os.chmod(path, 0o755)
    xlate = os.path.join(out, "fake_xlate")     # the same as fake_uvm.py ELF, minus python
    with open(xlate, "w") as f:
        f.write('#!/bin/sh\nexec cat "$1"\n')
    os.chmod(xlate, 0o755)
    return xlate, path


def rvdiff(out, tools, mode, *args):
    env = dict(os.environ, FAKE_MODE=mode, FAKE_QEMU=tools[tools.index("--qemu") + 1])
    xlate, uvm = fake_tool(out)
    p = subprocess.run([sys.executable, RVDIFF, "--out", out, "--xlate", xlate, "--uvm", uvm,
                        "--jobs", "2"] + tools + list(args), capture_output=True, text=True,
                       env=env)
    return p.returncode, p.stdout + p.stderr


def expect(name, cond, output):
    if not cond:
        print("FAIL %s\n%s" % (name, output))
        sys.exit(1)
    print("ok   %s" % name)


def main():
    out, tools = sys.argv[1], sys.argv[2:]
    if any(not t for t in tools[1::2]):
        print("skipped: missing tool")
        return 77
    for v in ("im", "imac"):
        rc, o = rvdiff(out, tools, "ok", "--variant", v, "--seeds", "0:12")
        expect("faithful VM passes (%s)" % v, rc == 0 and "12 programs, 0 failed" in o, o)
    rc, o = rvdiff(out, tools, "reg7", "--variant", "ima", "--seeds", "0:6")
    m = re.search(r"seed 0: register x7: qemu 0x([0-9a-f]{8}), uvm 0x([0-9a-f]{8})", o)
    expect("flipped x7 is named with both values", rc == 1 and m and
           int(m.group(1), 16) ^ int(m.group(2), 16) == 1 and "6 failed" in o, o)
    expect("failing .s is kept", os.path.exists(os.path.join(out, "failures", "ima-0.s")), o)
    rc, o = rvdiff(out, tools, "buf100", "--variant", "im", "--seeds", "3:4")
    expect("flipped buffer byte is named", rc == 1 and "buf[100]" in o, o)
    rc, o = rvdiff(out, tools, "exit", "--variant", "im", "--seeds", "3:4")
    expect("exit code difference is named", rc == 1 and re.search(r"exit code qemu (\d+), uvm", o), o)
    rc, o = rvdiff(out, tools, "amoswap", "--variant", "ima", "--insns", "60", "--seeds", "0:30")
    m = re.search(r"seed (\d+): register x5", o)
    expect("content-dependent bug found", rc == 1 and m, o)
    seed = m.group(1)
    rc, o = rvdiff(out, tools, "amoswap", "--variant", "ima", "--insns", "60", "--reduce", seed)
    small = os.path.join(out, "failures", "ima-%s-min.s" % seed)
    text = open(small).read() if os.path.exists(small) else ""
    expect("reduction keeps the amoswap and little else", rc == 0 and "amoswap.w" in text and
           re.search(r"(\d+) of \d+ items left", o) and
           int(re.search(r"(\d+) of \d+ items left", o).group(1)) <= 2, o)
    return 0


if __name__ == "__main__":
    sys.exit(main())
