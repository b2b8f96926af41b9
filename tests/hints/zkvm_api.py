#!/usr/bin/env python3
"""zkvm_api.py — a guest written against hints/zkvm_accelerators.h gets native ops
with no hints file.

  usage: zkvm_api.py XLATE UVM ELF
  The guest (guest_zkvm_api.c) prints keccak256 and sha256 of its input and of "abc".
  Checks, for inputs of 0, 3 and 300 bytes (several blocks of both hashes): the -O0
  and -O2 runs print the same output, and it is the right digests (sha256 from
  hashlib, keccak256 from the sponge over the Keccak-f[1600] below, written from
  FIPS 202; the "abc" and "" vectors are the published ones); the NULL refusals
  print -1; and the -O2 run (no --hints) executes the KECCAK_F1600 and
  SHA256_COMPRESS native uops (the VM's histogram; -O0 none) and fewer uops than -O0.
"""
import hashlib, json, os, subprocess, sys, tempfile

FAILS = []


def fail(msg):
    FAILS.append(msg)
    print("FAIL:", msg)


def keccak_f(a):
    """Keccak-f[1600] on 25 lanes, a[x + 5y], FIPS 202 3.2 (rc from the LFSR)."""
    m = (1 << 64) - 1
    rol = lambda v, n: ((v << n) | (v >> (64 - n))) & m if n else v
    r = 1
    for _ in range(24):
        c = [a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20] for x in range(5)]
        for x in range(5):
            d = c[(x + 4) % 5] ^ rol(c[(x + 1) % 5], 1)
            for y in range(0, 25, 5):
                a[x + y] ^= d
        x, y, cur = 1, 0, a[1]
        for t in range(24):
            x, y = y, (2 * x + 3 * y) % 5
            a[x + 5 * y], cur = rol(cur, (t + 1) * (t + 2) // 2 % 64), a[x + 5 * y]
        for y in range(0, 25, 5):
            row = a[y:y + 5]
            for x in range(5):
                a[y + x] = row[x] ^ (~row[(x + 1) % 5] & row[(x + 2) % 5] & m)
        for j in range(7):
            if r & 1:
                a[0] ^= 1 << ((1 << j) - 1)
            r = ((r << 1) ^ (0x71 if r & 0x80 else 0)) & 0xff
    return a


def keccak256(msg):
    rate = 136
    p = bytearray(msg) + b"\x01" + bytes(-(len(msg) + 1) % rate)
    p[-1] |= 0x80
    a = [0] * 25
    for off in range(0, len(p), rate):
        for i in range(rate // 8):
            a[i] ^= int.from_bytes(p[off + 8 * i:off + 8 * i + 8], "little")
        keccak_f(a)
    return b"".join(v.to_bytes(8, "little") for v in a)[:32]


def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def main():
    xlate, uvm, elf = sys.argv[1:4]
    if keccak256(b"").hex() != "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470" or \
       keccak256(b"abc").hex() != "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45":
        fail("the test's own keccak256 is wrong")
    with tempfile.TemporaryDirectory(prefix="zkvm-api-") as tmp:
        uisa = {}
        for lvl in ("-O0", "-O2"):
            uisa[lvl] = os.path.join(tmp, lvl[1:] + ".uisa")
            r = run([xlate, lvl, "-o", uisa[lvl], elf])
            if r.returncode:
                fail(f"xlate {lvl}: {r.stderr.decode().strip()}")
                return
        for n in (0, 3, 300):
            data = bytes((7 * i + 1) & 0xff for i in range(n))
            inp = os.path.join(tmp, f"in{n}")
            with open(inp, "wb") as f:
                f.write(data)
            want = (f"keccak256: {keccak256(data).hex()}\nsha256: {hashlib.sha256(data).hexdigest()}\n"
                    f"keccak256(abc): {keccak256(b'abc').hex()}\n"
                    f"sha256(abc): {hashlib.sha256(b'abc').hexdigest()}\nnull: -1 -1\n")
            uops, hist = {}, {}
            for lvl, path in uisa.items():
                r = run([uvm, "run", "--json", "--input", inp, path])
                if r.returncode or r.stdout.decode() != want:
                    fail(f"{lvl}, {n} bytes: rc {r.returncode}, output\n{r.stdout.decode()}want\n{want}"
                         f"{r.stderr.decode()}")
                for line in r.stderr.decode().splitlines():
                    if line.startswith("{"):
                        st = json.loads(line)
                        uops[lvl], hist[lvl] = st.get("uops"), st.get("hist", {})
            for op in ("KECCAK_F1600", "SHA256_COMPRESS"):
                if not hist.get("-O2", {}).get(op) or hist.get("-O0", {}).get(op):
                    fail(f"{n} bytes: {op} executed {hist.get('-O2', {}).get(op)} times at -O2 "
                         f"(no hints file), {hist.get('-O0', {}).get(op)} at -O0")
            if not (uops.get("-O2") and uops.get("-O0") and uops["-O2"] < uops["-O0"]):
                fail(f"{n} bytes: -O2 did not run fewer uops than -O0: {uops}")
    if FAILS:
        print(f"{len(FAILS)} failure(s)")
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
