#!/usr/bin/env python3
"""run_host.py HOST INPUT OUT RC — runs a corpus program's host build on INPUT and
records the expected result for the guests: stdout bytes into OUT, exit code (decimal)
into RC. Fails only if the program cannot be run or takes over 120 s."""
import subprocess
import sys


def main(argv):
    host, inp, out, rc = argv[1:5]
    with open(inp, "rb") as fin:
        p = subprocess.run([host], stdin=fin, stdout=subprocess.PIPE, timeout=120)
    with open(out, "wb") as f:
        f.write(p.stdout)
    with open(rc, "w") as f:
        f.write(f"{p.returncode}\n")


if __name__ == "__main__":
    main(sys.argv)
