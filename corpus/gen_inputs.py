#!/usr/bin/env python3
"""gen_inputs.py PROGRAM SIZE OUT — writes the deterministic input of one corpus
program ('small': ~10-100 k RISC-V instructions, 'medium': ~1 M, 'large': ~5-50 M).
'medium' is the size speed measurements use: big enough that a proof's fixed costs (the
2^16-row tables) no longer dominate, small enough to prove in seconds. The bytes depend
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


SIZES = ("small", "medium", "large")


def pick(size, small, medium, large):
    return (small, medium, large)[size]


def fib(r, size):
    return pick(size, b"1000 12\n", b"50000 20\n", b"2000000 27\n")


def raw(*n):
    return lambda r, size: r.bytes(n[size])


def modexp256(r, size):
    out = b""
    for i in range(pick(size, 1, 1, 48)):
        ebits = pick(size, 24, 256, 256)
        m = r.bits(256) | 1
        out += (r.bits(255) % m).to_bytes(32, 'big') + r.bits(ebits).to_bytes(32, 'big')
        out += m.to_bytes(32, 'big')
    return out


def modexp2048(r, size):
    exps = pick(size, [3], [5], None) or [65537] * 6 + [r.bits(48)]
    out = b""
    for e in exps:
        m = r.bits(2048) | 1
        elen = (e.bit_length() + 7) // 8
        out += (r.bits(2047) % m).to_bytes(256, 'big') + m.to_bytes(256, 'big')
        out += struct.pack('<I', elen) + e.to_bytes(elen, 'big')
    return out


def ecmul(r, size):
    if size < 2:
        return pick(size, 0xb7e3, 0xb7e3b7, None).to_bytes(32, 'big')
    return b"".join(r.bits(256 - i).to_bytes(32, 'big') for i in range(4)) + (3).to_bytes(32, 'big')


def u32s(*n, bound=2**32):
    return lambda r, size: b"".join(struct.pack('<I', r.below(bound)) for _ in range(n[size]))


def matmul(r, size):
    n = pick(size, 8, 40, 120)
    return struct.pack('<I', n) + b"".join(struct.pack('<I', r.below(2**32)) for _ in range(2 * n * n))


def memops(r, size):
    arena = pick(size, 4096, 16384, 65536)
    nops = pick(size, 24, 500, 6000)
    return struct.pack('<II', r.below(2**32), nops) + r.bytes(arena)


def bst(r, size):
    n = pick(size, 200, 2000, 12000)
    keyspace = n // 2 + 1
    out = bytearray()
    for i in range(n):
        op = 0 if i < n // 3 else r.below(3)
        out += struct.pack('<BI', op, r.below(keyspace) * 2654435761 % 2**32)
    return bytes(out)


def div64(r, size):
    out = bytearray()
    for i in range(pick(size, 12, 400, 3000)):
        a = r.u64() >> r.below(60)
        b = r.u64() >> r.below(64)
        out += struct.pack('<QQ', a, b)
    return bytes(out)


def json_doc(r, size):
    target = pick(size, 600, 30000, 150000)
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


def rlp(r, size):
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

    out, target = b"", pick(size, 400, 30000, 300000)
    while len(out) < target:
        out += item(0)
    return out


def interp(r, size):
    # Imported lazily: the assembler lives beside the interpreter's opcode list.
    from interp_asm import program
    return program(pick(size, 60, 700, 15000))


# --- ordinary code (no native-op hotspot) ---------------------------------------------

def words(r, n, syll=("ka", "lo", "mi", "nu", "re", "st", "th", "an", "or", "ie", "x", "qu")):
    """n pseudo-words of 1-4 syllables."""
    return ["".join(syll[r.below(len(syll))] for _ in range(1 + r.below(4))) for _ in range(n)]


def zipf_pick(r, vocab):
    """Index skewed towards the front (a rough Zipf): min of two uniform draws, squared."""
    u = min(r.below(1000), r.below(1000)) / 1000.0
    return vocab[int(u * u * len(vocab))]


def lexer(r, size):
    target = pick(size, 1100, 13000, 100000)
    names = words(r, 40)
    ops = ["+", "-", "*", "/", "%", "==", "!=", "<=", ">=", "<", ">", "&&", "||", "<<", ">>",
           "&", "|", "^"]
    out, n = [], 0

    def expr(depth):
        k = r.below(6)
        if k == 0 or depth > 2:
            return names[r.below(len(names))] + str(r.below(100))
        if k == 1:
            return "0x%X" % r.below(2**32) if r.below(2) else str(r.below(10**6))
        if k == 2:
            return "(%s %s %s)" % (expr(depth + 1), ops[r.below(len(ops))], expr(depth + 1))
        if k == 3:
            return "%s[%s]" % (names[r.below(len(names))], expr(depth + 1))
        if k == 4:
            return "f%d(%s, %s)" % (r.below(9), expr(depth + 1), "'\\n'" if r.below(2) else "'a'")
        return "%s->%s++" % (names[r.below(len(names))], names[r.below(len(names))])

    while n < target:
        k = r.below(8)
        ind = "    " * r.below(3)
        if k == 0:
            line = "%sif (%s) {" % (ind, expr(0))
        elif k == 1:
            line = ind + "}"
        elif k == 2:
            line = '%ss = "%s\\t%s \\"q\\"";' % (ind, names[r.below(40)], names[r.below(40)])
        elif k == 3:
            line = "%s// %s %s" % (ind, names[r.below(40)], names[r.below(40)])
        elif k == 4:
            line = "%s/* %s\n * %s */" % (ind, names[r.below(40)], names[r.below(40)])
        elif k == 5:
            line = "%sreturn %s;" % (ind, expr(0))
        else:
            line = "%sint %s = %s;" % (ind, names[r.below(40)], expr(0))
        out.append(line)
        n += len(line) + 1
    return ("\n".join(out) + "\n").encode()


def glob(r, size):
    npat, nsub = pick(size, (10, 20), (40, 110), (100, 600))
    alpha = "abcdefg./_"
    subs = []
    for _ in range(nsub):
        subs.append("".join(alpha[r.below(len(alpha))] for _ in range(4 + r.below(20))))
    pats = []
    for _ in range(npat):
        p = ""
        for _ in range(1 + r.below(6)):
            k = r.below(10)
            if k < 3:
                p += "*"
            elif k < 5:
                p += "?"
            elif k == 5:
                p += "[%sa-c%s]" % ("!" if r.below(2) else "", alpha[r.below(len(alpha))])
            elif k == 6:
                p += "\\" + alpha[r.below(len(alpha))]
            else:
                p += alpha[r.below(len(alpha))]
        pats.append(p)
    return ("\n".join(pats) + "\n\n" + "\n".join(subs) + "\n").encode()


def lzss(r, size):
    target = pick(size, 450, 5000, 40000)
    vocab = words(r, 300)
    out = bytearray()
    while len(out) < target:
        if r.below(20) == 0:
            out += r.bytes(1 + r.below(6))
        else:
            out += (zipf_pick(r, vocab) + (". " if r.below(9) == 0 else " ")).encode()
    return bytes(out[:target])


def dsp(r, size):
    n = pick(size, 200, 2800, 25000)
    out, phase, amp = bytearray(), 0, 9000
    for i in range(n):
        # a square-ish tone plus noise plus occasional clipping bursts
        phase = (phase + 37 + (i >> 7) % 13) % 512
        v = (amp if phase < 256 else -amp) + int(r.below(8001)) - 4000
        if r.below(200) == 0:
            v = 32767 if r.below(2) else -32768
        out += struct.pack("<h", max(-32768, min(32767, v)))
    return bytes(out)


def mlp(r, size):
    sizes = [64, 32, 16, 10]
    out = bytearray(b"MLP1") + bytes([len(sizes) - 1]) + b"".join(struct.pack("<H", s) for s in sizes)
    for k, (mult, shift) in enumerate([(218, 16), (437, 16), (437, 16)]):
        nin, nout = sizes[k], sizes[k + 1]
        out += bytes((r.below(128) - 64) & 0xFF for _ in range(nin * nout))
        out += b"".join(struct.pack("<i", r.below(4001) - 2000) for _ in range(nout))
        out += struct.pack("<HB", mult, shift)
    for _ in range(pick(size, 3, 40, 400)):
        out += bytes((r.below(256)) for _ in range(sizes[0]))
    return bytes(out)


def graph(r, size):
    n, m = pick(size, (40, 100), (400, 1100), (3000, 9000))
    out = bytearray(struct.pack("<I", n))
    for i in range(m):
        # a ring-ish backbone with local and a few long-range chords
        u = i % n if i < n else r.below(n)
        v = (u + 1 + r.below(8)) % n if r.below(10) else r.below(n)
        out += struct.pack("<HHH", u, v, 1 + r.below(1000))
    return bytes(out)


def editdist(r, size):
    pairs, span = pick(size, (3, 3), (60, 6), (500, 6))
    vocab = words(r, 50)
    out = []
    for _ in range(pairs):
        a = " ".join(vocab[r.below(50)] for _ in range(2 + r.below(span)))
        if r.below(2):
            b = bytearray(a.encode())
            for _ in range(r.below(6)):
                k, i = r.below(3), r.below(len(b) + 1)
                if k == 0 and i < len(b):
                    b[i] = 97 + r.below(26)
                elif k == 1:
                    b.insert(i, 97 + r.below(26))
                elif i < len(b):
                    del b[i]
            b = b.decode()
        else:
            b = " ".join(vocab[r.below(50)] for _ in range(2 + r.below(span)))
        out += [a, b]
    return ("\n".join(out) + "\n").encode()


def hashtab(r, size):
    # Text from a Markov chain: each word is mostly followed by one of its two
    # successors, so bigrams repeat as in prose.
    target = pick(size, 800, 16000, 100000)
    vocab = words(r, 300)
    succ = {w: [zipf_pick(r, vocab) for _ in range(2)] for w in vocab}
    out, n, w = [], 0, vocab[0]
    while n < target:
        w = succ[w][r.below(2)] if r.below(10) else zipf_pick(r, vocab)
        out.append(w.capitalize() + r.bytes(1).hex()[:1] + "," if r.below(7) == 0 else w)
        n += len(out[-1]) + 1
    return (" ".join(out) + "\n").encode()


GEN = {
    "fib": fib, "keccak": raw(100, 1200, 30000), "sha256": raw(250, 6000, 120000),
    "merkle": raw(4 * 32, 48 * 32, 1200 * 32), "modexp256": modexp256, "modexp2048": modexp2048,
    "ecmul": ecmul, "sort": u32s(100, 1200, 40000), "matmul": matmul, "memops": memops,
    "bst": bst, "atomics": u32s(800, 16000, 300000), "rlp": rlp, "div64": div64, "json": json_doc,
    "interp": interp, "sieve": lambda r, size: pick(size, b"1000\n", b"15000\n", b"500000\n"),
    "lexer": lexer, "glob": glob, "lzss": lzss, "dsp": dsp, "mlp": mlp, "graph": graph,
    "checksum": raw(600, 9000, 80000), "editdist": editdist, "hashtab": hashtab,
}


def main(argv):
    if len(argv) != 4 or argv[1] not in GEN or argv[2] not in SIZES:
        sys.exit("usage: gen_inputs.py {%s} %s OUT" % ("|".join(sorted(GEN)), "|".join(SIZES)))
    prog, size, out = argv[1:]
    sys.path.insert(0, __file__.rsplit('/', 1)[0] if '/' in __file__ else '.')
    data = GEN[prog](Rng(prog + "/" + size), SIZES.index(size))
    with open(out, "wb") as fp:
        fp.write(data)


if __name__ == "__main__":
    main(sys.argv)
