#!/usr/bin/env python3
"""gen_inputs.py PROGRAM SIZE OUT — writes the deterministic input of one corpus
program ('small': ~10-100 k RISC-V instructions, 'large': ~1-50 M). The bytes depend
only on (PROGRAM, SIZE): a splitmix64 stream seeded from their names, no Python
`random`, so every machine and Python version generates the same files."""
import struct
import sys


class Rng:
    def __init__(self, name):
        self.s = 0
        for ch in name.encode():
            self.s = (self.s * 131 + ch) & (2**64 - 1)

    def u64(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & (2**64 - 1)
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & (2**64 - 1)
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & (2**64 - 1)
        return z ^ (z >> 31)

    def below(self, n):
        return self.u64() % n

    def bytes(self, n):
        out = bytearray()
        while len(out) < n:
            out += struct.pack('<Q', self.u64())
        return bytes(out[:n])

    def bits(self, k):
        """A k-bit number with its top bit set."""
        return (int.from_bytes(self.bytes((k + 7) // 8), 'big') >> (-k % 8)) | (1 << (k - 1))


def fib(r, large):
    return b"2000000 27\n" if large else b"1000 12\n"


def raw(n_small, n_large):
    return lambda r, large: r.bytes(n_large if large else n_small)


def modexp256(r, large):
    out = b""
    for i in range(48 if large else 1):
        ebits = 256 if large else 24
        m = r.bits(256) | 1
        out += (r.bits(255) % m).to_bytes(32, 'big') + r.bits(ebits).to_bytes(32, 'big')
        out += m.to_bytes(32, 'big')
    return out


def modexp2048(r, large):
    exps = [65537] * 6 + [r.bits(48)] if large else [3]
    out = b""
    for e in exps:
        m = r.bits(2048) | 1
        elen = (e.bit_length() + 7) // 8
        out += (r.bits(2047) % m).to_bytes(256, 'big') + m.to_bytes(256, 'big')
        out += struct.pack('<I', elen) + e.to_bytes(elen, 'big')
    return out


def ecmul(r, large):
    if not large:
        return (0xb7e3).to_bytes(32, 'big')
    return b"".join(r.bits(256 - i).to_bytes(32, 'big') for i in range(4)) + (3).to_bytes(32, 'big')


def u32s(n_small, n_large, bound=2**32):
    return lambda r, large: b"".join(struct.pack('<I', r.below(bound))
                                     for _ in range(n_large if large else n_small))


def matmul(r, large):
    n = 120 if large else 8
    return struct.pack('<I', n) + b"".join(struct.pack('<I', r.below(2**32)) for _ in range(2 * n * n))


def memops(r, large):
    arena = 65536 if large else 4096
    nops = 6000 if large else 24
    return struct.pack('<II', r.below(2**32), nops) + r.bytes(arena)


def bst(r, large):
    n = 12000 if large else 200
    keyspace = n // 2 + 1
    out = bytearray()
    for i in range(n):
        op = 0 if i < n // 3 else r.below(3)
        out += struct.pack('<BI', op, r.below(keyspace) * 2654435761 % 2**32)
    return bytes(out)


def div64(r, large):
    out = bytearray()
    for i in range(3000 if large else 12):
        a = r.u64() >> r.below(60)
        b = r.u64() >> r.below(64)
        out += struct.pack('<QQ', a, b)
    return bytes(out)


def json_doc(r, large):
    target = 150000 if large else 600
    words = ["alpha", "beta", "gamma", "delta", "eps\\n", "zeta\\\"q", "\\u00e9t\\u00e9",
             "\\ud83d\\ude00", "k\\t", "\\/slash"]

    def value(depth):
        k = r.below(10) if depth < 6 else 4 + r.below(6)
        if k < 2:
            return "{" + ",".join('"%s%d":%s' % (words[r.below(len(words))], i, value(depth + 1))
                                  for i in range(r.below(5))) + "}"
        if k < 4:
            return "[" + ", ".join(value(depth + 1) for _ in range(r.below(6))) + "]"
        if k == 4:
            return '"%s"' % "".join(words[r.below(len(words))] for _ in range(r.below(4)))
        if k == 5:
            return str(int(r.u64() % 2**62) - 2**61)
        if k == 6:
            return str(r.below(1000)) if r.below(2) else "%d.%03de-%d" % (r.below(100), r.below(1000), r.below(9))
        return ["true", "false", "null"][r.below(3)]

    items = []
    size = 0
    while size < target:
        items.append(value(1))
        size += len(items[-1]) + 2
    return ("{\"items\": [\n" + ",\n".join(items) + "\n]}\n").encode()


def rlp_enc_len(base, n):
    if n <= 55:
        return bytes([base + n])
    k = (n.bit_length() + 7) // 8
    return bytes([base + 55 + k]) + n.to_bytes(k, 'big')


def rlp(r, large):
    def item(depth):
        k = r.below(10) if depth < 5 else 5 + r.below(5)
        if k < 3:
            body = b"".join(item(depth + 1) for _ in range(r.below(9)))
            return rlp_enc_len(0xC0, len(body)) + body
        if k == 5:
            return bytes([r.below(0x80)])
        n = [0, 1, 2, 20, 55, 56, 100, 300][r.below(8)] if k < 9 else r.below(300)
        s = r.bytes(n)
        return s if n == 1 and s[0] < 0x80 else rlp_enc_len(0x80, n) + s

    out, target = b"", (300000 if large else 400)
    while len(out) < target:
        out += item(0)
    return out


def interp(r, large):
    # Imported lazily: the assembler lives beside the interpreter's opcode list.
    from interp_asm import program
    return program(15000 if large else 60)


GEN = {
    "fib": fib, "keccak": raw(100, 30000), "sha256": raw(250, 120000),
    "merkle": raw(4 * 32, 1200 * 32), "modexp256": modexp256, "modexp2048": modexp2048,
    "ecmul": ecmul, "sort": u32s(100, 40000), "matmul": matmul, "memops": memops,
    "bst": bst, "atomics": u32s(800, 300000), "rlp": rlp, "div64": div64, "json": json_doc,
    "interp": interp, "sieve": lambda r, large: b"500000\n" if large else b"1000\n",
}


def main(argv):
    if len(argv) != 4 or argv[1] not in GEN or argv[2] not in ("small", "large"):
        sys.exit("usage: gen_inputs.py {%s} small|large OUT" % "|".join(sorted(GEN)))
    prog, size, out = argv[1:]
    sys.path.insert(0, __file__.rsplit('/', 1)[0] if '/' in __file__ else '.')
    data = GEN[prog](Rng(prog + "/" + size), size == "large")
    with open(out, "wb") as fp:
        fp.write(data)


if __name__ == "__main__":
    main(sys.argv)
