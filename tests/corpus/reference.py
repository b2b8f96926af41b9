#!/usr/bin/env python3
"""reference.py — independent Python models of corpus programs. Checks that a host
build's output equals the model's on a given input, so the expected outputs that the
qemu/uvm tests compare against are themselves right (not only self-consistent).

  reference.py PROGRAM HOST_BINARY INPUT      exit 0 = equal, 1 = different
Programs without a model here are not checked by this script."""
import hashlib
import struct
import subprocess
import sys


def fnv32(words):
    h = 2166136261
    for w in words:
        for k in range(4):
            h = ((h ^ ((w >> (8 * k)) & 0xFF)) * 16777619) & 0xFFFFFFFF
    return h


def keccak_f(st):
    rc = [0x1, 0x8082, 0x800000000000808A, 0x8000000080008000, 0x808B, 0x80000001,
          0x8000000080008081, 0x8000000000008009, 0x8A, 0x88, 0x80008009, 0x8000000A,
          0x8000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
          0x8000000000008002, 0x8000000000000080, 0x800A, 0x800000008000000A,
          0x8000000080008081, 0x8000000000008080, 0x80000001, 0x8000000080008008]
    M = 2**64 - 1
    rot = lambda x, n: ((x << n) | (x >> (64 - n))) & M if n else x
    # Rotation offsets r[x][y] from the Keccak reference, computed from the (x,y) walk.
    r = [[0] * 5 for _ in range(5)]
    x, y = 1, 0
    for t in range(24):
        r[x][y] = ((t + 1) * (t + 2) // 2) % 64
        x, y = y, (2 * x + 3 * y) % 5
    for rnd in range(24):
        c = [st[x] ^ st[x + 5] ^ st[x + 10] ^ st[x + 15] ^ st[x + 20] for x in range(5)]
        d = [c[(x - 1) % 5] ^ rot(c[(x + 1) % 5], 1) for x in range(5)]
        a = [st[i] ^ d[i % 5] for i in range(25)]
        b = [0] * 25
        for x in range(5):
            for y in range(5):
                b[y + 5 * ((2 * x + 3 * y) % 5)] = rot(a[x + 5 * y], r[x][y])
        st = [b[i] ^ (~b[(i % 5 + 1) % 5 + 5 * (i // 5)] & b[(i % 5 + 2) % 5 + 5 * (i // 5)])
              for i in range(25)]
        st[0] ^= rc[rnd]
    return st


def keccak256(data):
    rate = 136
    data = bytearray(data) + b"\x01" + b"\x00" * ((-len(data) - 1) % rate)
    data[-1] |= 0x80
    st = [0] * 25
    for off in range(0, len(data), rate):
        for i in range(rate // 8):
            st[i] ^= int.from_bytes(data[off + 8 * i: off + 8 * i + 8], "little")
        st = keccak_f(st)
    return b"".join(v.to_bytes(8, "little") for v in st)[:32]


def m_keccak(d):
    h = len(d) // 2
    return (f"len: {len(d)}\nkeccak256: {keccak256(d).hex()}\nfirst half: {keccak256(d[:h]).hex()}\n"
            f"second half: {keccak256(d[h:]).hex()}\n")


def m_sha256(d):
    return f"len: {len(d)}\nsha256: {hashlib.sha256(d).hexdigest()}\n"


def m_merkle(d):
    level = [hashlib.sha256(b"\x00" + d[i:i + 32].ljust(32, b"\x00")).digest()
             for i in range(0, len(d), 32)]
    n, depth = len(level), 0
    while len(level) > 1:
        nxt = [hashlib.sha256(b"\x01" + level[i] + level[i + 1]).digest()
               for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level, depth = nxt, depth + 1
    return f"leaves: {n} depth: {depth}\nroot: {level[0].hex()}\n"


def m_modexp256(d):
    out = ""
    for off in range(0, len(d), 96):
        b, e, m = (int.from_bytes(d[off + 32 * i: off + 32 * i + 32], "big") for i in range(3))
        out += f"b^e mod m: {pow(b, e, m):064x}\n"
    return out


def m_sort(d):
    a = sorted(struct.unpack(f"<{len(d) // 4}I", d))
    n = len(a)
    return (f"n={n} min={a[0]} median={a[n // 2]} max={a[-1]} distinct={len(set(a))} "
            f"fnv={fnv32(a):08x}\n")


def m_matmul(d):
    n = struct.unpack_from("<I", d)[0]
    v = struct.unpack_from(f"<{2 * n * n}I", d, 4)
    a, b = v[:n * n], v[n * n:]
    c = [sum(a[i * n + k] * b[k * n + j] for k in range(n)) & 0xFFFFFFFF
         for i in range(n) for j in range(n)]
    tr = sum(c[i * n + i] for i in range(n)) & 0xFFFFFFFF
    return (f"n={n} trace={tr:08x} c[0][n-1]={c[n - 1]:08x} c[n-1][0]={c[(n - 1) * n]:08x} "
            f"fnv={fnv32(c):08x}\n")


MODELS = {name[2:]: f for name, f in globals().items() if name.startswith("m_")}


def main(argv):
    prog, host, inp = argv[1:4]
    if prog not in MODELS:
        print(f"no reference model for {prog}")
        return 77
    data = open(inp, "rb").read()
    want = MODELS[prog](data).encode()
    got = subprocess.run([host], stdin=open(inp, "rb"), stdout=subprocess.PIPE, timeout=120).stdout
    if got == want:
        print(f"{prog}: host output equals the Python model ({len(want)} bytes)")
        return 0
    print(f"{prog}: host output differs from the Python model\n want: {want[:300]!r}\n got:  {got[:300]!r}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
