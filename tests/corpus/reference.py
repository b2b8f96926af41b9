#!/usr/bin/env python3
"""reference.py — independent Python models of corpus programs. Checks that a host
build's output equals the model's on a given input, so the expected outputs that the
qemu/uvm tests compare against are themselves right (not only self-consistent).

  reference.py PROGRAM HOST_BINARY INPUT...   exit 0 = all equal, 1 = some differ,
                                              77 = no model for PROGRAM (meson: SKIP)
Every corpus program has a model; the models share no code with the C sources."""
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


def m_fib(d):
    n_iter, n_rec = map(int, d.split())
    a, b = 0, 1
    for _ in range(n_iter):
        a, b = b, (a + b) & 0xFFFFFFFFFFFFFFFF
    x, y = 0, 1
    for _ in range(n_rec):
        x, y = y, x + y
    M = 2**64
    return (f"fib_iter({n_iter}) mod 2^64 = {a % M}\nfib_doubling({n_iter}) mod 2^64 = {a % M}\n"
            f"fib_rec({n_rec}) mod 2^32 = {x % 2**32}\n")


def m_modexp2048(d):
    out, off = "", 0
    while off < len(d):
        b = int.from_bytes(d[off:off + 256], "big")
        m = int.from_bytes(d[off + 256:off + 512], "big")
        el = struct.unpack_from("<I", d, off + 512)[0]
        e = int.from_bytes(d[off + 516:off + 516 + el], "big")
        off += 516 + el
        out += f"b^e mod m: {pow(b, e, m):0512x}\n"
    return out


def m_ecmul(d):
    p = 2**256 - 2**32 - 977
    g = (0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798,
         0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8)

    def add(P, Q):
        if P is None:
            return Q
        if Q is None:
            return P
        if P[0] == Q[0] and (P[1] + Q[1]) % p == 0:
            return None
        if P == Q:
            lam = 3 * P[0] * P[0] * pow(2 * P[1], p - 2, p) % p
        else:
            lam = (Q[1] - P[1]) * pow(Q[0] - P[0], p - 2, p) % p
        x = (lam * lam - P[0] - Q[0]) % p
        return x, (lam * (P[0] - x) - P[1]) % p

    out = ""
    for off in range(0, len(d), 32):
        k, R, Q = int.from_bytes(d[off:off + 32], "big"), None, g
        while k:
            if k & 1:
                R = add(R, Q)
            Q, k = add(Q, Q), k >> 1
        out += "k*G: infinity\n" if R is None else f"k*G: {R[0]:064x}{R[1]:064x}\n"
    return out


def m_div64(d):
    M = 2**64
    qsum = rsum = gsum = msum = digits = dsum = zero = 0
    m61 = 2**61 - 1
    for off in range(0, len(d), 16):
        a, b = struct.unpack_from("<QQ", d, off)
        if b == 0:
            zero += 1
        else:
            qsum = (qsum + a // b) % M
            rsum ^= (a % b) * 0x9E3779B97F4A7C15 % M
        x, y = a, b
        while y:
            x, y = y, x % y
        gsum = (gsum + x) % M
        msum ^= ((a % m61) * (b % m61) % m61 + (msum << 7)) % M
        x = a
        while x:
            digits += 1
            dsum = (dsum * 31 + x % 10) % M
            x //= 10
    return (f"pairs={len(d) // 16} zero_div={zero} digits={digits}\n"
            f"qsum={qsum:016x} rsum={rsum:016x} gsum={gsum:016x}\nmsum={msum:016x} dsum={dsum:016x}\n")


def m_memops(d):
    seed, nops = struct.unpack_from("<II", d)
    seed |= 1
    a = bytearray(d[8:])
    n = len(a)

    def xs():
        nonlocal seed
        x = seed
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        seed = x
        return x

    counts, digest, maxlen = [0] * 4, 0, n // 8
    for _ in range(nops):
        kind = xs() % 4
        ln = xs() % maxlen if xs() % 4 == 0 else xs() % 64
        src, dst = xs() % (n - ln), xs() % (n - ln)
        counts[kind] += 1
        if kind < 2:
            a[dst:dst + ln] = a[src:src + ln]
        elif kind == 2:
            a[dst:dst + ln] = bytes([xs() & 0xFF]) * ln
        else:
            x, y = bytes(a[dst:dst + ln]), bytes(a[src:src + ln])
            digest = (digest * 3 + (0 if x < y else 1 if x == y else 2)) & 0xFFFFFFFF
    h = 2166136261
    for byte in a:
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return (f"ops={nops} copy={counts[0]} move={counts[1]} set={counts[2]} cmp={counts[3]}\n"
            f"arena fnv={h:08x} cmp digest={digest:08x}\n")


def m_bst(d):
    # Nodes as [key, left, right]; the same unbalanced insert and successor-splice delete.
    root = [None]
    ins = dele = hits = 0

    def slot(key):
        holder, side = root, 0
        while holder[side] is not None and holder[side][0] != key:
            holder, side = holder[side], 1 if key < holder[side][0] else 2
        return holder, side

    for off in range(0, len(d), 5):
        op, key = struct.unpack_from("<BI", d, off)
        holder, side = slot(key)
        node = holder[side]
        if op == 0 and node is None:
            holder[side] = [key, None, None]
            ins += 1
        elif op == 1 and node is not None:
            dele += 1
            if node[1] and node[2]:
                sh, ss = node, 2
                while sh[ss][1] is not None:
                    sh, ss = sh[ss], 1
                succ = sh[ss]
                sh[ss] = succ[2]
                succ[1], succ[2] = node[1], node[2]
                holder[side] = succ
            else:
                holder[side] = node[1] or node[2]
        elif op == 2:
            hits += node is not None

    def height(n):
        return 0 if n is None else 1 + max(height(n[1]), height(n[2]))

    keys, stack, n = [], [], root[0]
    while stack or n:
        while n:
            stack.append(n)
            n = n[1]
        n = stack.pop()
        keys.append(n[0])
        n = n[2]
    h = 2166136261
    for k in keys:
        label = bytes(ord("a") + (k >> (i % 29)) % 26 for i in range(1 + k % 23))
        for b in k.to_bytes(4, "little") + label:
            h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return (f"ops={len(d) // 5} inserted={ins} deleted={dele} found={hits} size={len(keys)} "
            f"height={height(root[0])} fnv={h:08x}\n")


def m_interp(d):
    ops = ["HALT", "PUSH", "POP", "DUP", "SWAP", "OVER", "ADD", "SUB", "MUL", "DIVU", "REMU",
           "AND", "OR", "XOR", "SHL", "SHR", "LTU", "EQ", "LOAD", "STORE", "JMP", "JZ", "JNZ",
           "CALL", "RET", "PRINT", "HASH", "NOT"]
    binops = {"ADD": lambda a, b: a + b, "SUB": lambda a, b: a - b, "MUL": lambda a, b: a * b,
              "DIVU": lambda a, b: a // b, "REMU": lambda a, b: a % b, "AND": lambda a, b: a & b,
              "OR": lambda a, b: a | b, "XOR": lambda a, b: a ^ b,
              "SHL": lambda a, b: a << (b & 31), "SHR": lambda a, b: a >> (b & 31),
              "LTU": lambda a, b: int(a < b), "EQ": lambda a, b: int(a == b)}
    st, calls, loc, pc, steps, h, out = [], [], [0] * 16, 0, 0, 2166136261, ""
    rel = lambda pc: pc + 2 + struct.unpack_from("<h", d, pc)[0]
    while True:
        op = ops[d[pc]]
        pc += 1
        steps += 1
        if op == "HALT":
            break
        if op in binops:
            b = st.pop()
            st[-1] = binops[op](st[-1], b) & 0xFFFFFFFF
        elif op == "PUSH":
            st.append(struct.unpack_from("<I", d, pc)[0])
            pc += 4
        elif op == "POP":
            st.pop()
        elif op == "DUP":
            st.append(st[-1])
        elif op == "SWAP":
            st[-1], st[-2] = st[-2], st[-1]
        elif op == "OVER":
            st.append(st[-2])
        elif op == "NOT":
            st[-1] ^= 0xFFFFFFFF
        elif op == "LOAD":
            st.append(loc[d[pc] & 15])
            pc += 1
        elif op == "STORE":
            loc[d[pc] & 15] = st.pop()
            pc += 1
        elif op == "JMP":
            pc = rel(pc)
        elif op in ("JZ", "JNZ"):
            v = st.pop()
            pc = rel(pc) if (v == 0) == (op == "JZ") else pc + 2
        elif op == "CALL":
            calls.append(pc + 2)
            pc = struct.unpack_from("<H", d, pc)[0]
        elif op == "RET":
            pc = calls.pop()
        elif op == "PRINT":
            out += f"{st.pop()}\n"
        elif op == "HASH":
            h = ((h ^ st.pop()) * 16777619) & 0xFFFFFFFF
    return out + f"steps={steps} hash={h:08x} depth={len(st)}\n"


def m_json(d):
    import json

    stats = {"objects": 0, "arrays": 0, "strings": 0, "ints": 0, "other": 0, "literals": 0,
             "depth": 0, "sum": 0, "bytes": 0, "keyh": 2166136261}

    def s(x, key=False):
        stats["strings"] += 1
        stats["bytes"] += len(x.encode("utf-8", "surrogatepass"))
        if key:
            for ch in x:
                stats["keyh"] = ((stats["keyh"] ^ ord(ch)) * 16777619) & 0xFFFFFFFF

    def walk(v, depth):
        if isinstance(v, (dict, list)):
            stats["depth"] = max(stats["depth"], depth + 1)
        if isinstance(v, dict):
            stats["objects"] += 1
            for k, x in v.items():
                s(k, True)
                walk(x, depth + 1)
        elif isinstance(v, list):
            stats["arrays"] += 1
            for x in v:
                walk(x, depth + 1)
        elif isinstance(v, str):
            s(v)
        elif v is True or v is False or v is None:
            stats["literals"] += 1
        elif isinstance(v, int):
            stats["ints"] += 1
            stats["sum"] = (stats["sum"] + v) % 2**64
        else:
            stats["other"] += 1

    # Keys are hashed in document order, duplicates included: keep every pair.
    walk(json.loads(d, object_pairs_hook=lambda pairs: _Pairs(pairs)), 0)
    t = stats
    return (f"objects={t['objects']} arrays={t['arrays']} strings={t['strings']} ints={t['ints']} "
            f"other_numbers={t['other']} literals={t['literals']} max_depth={t['depth']}\n"
            f"int_sum={t['sum']:016x} string_bytes={t['bytes']} key_fnv={t['keyh']:08x}\n")


class _Pairs(dict):
    """A dict that remembers all (key, value) pairs in order, duplicates too."""

    def __init__(self, pairs):
        super().__init__()
        self.pairs = pairs

    def items(self):
        return self.pairs


def m_atomics(d):
    M = 0xFFFFFFFF
    t = [(i * 0x01010101) & M for i in range(64)]
    s32 = lambda x: x - 2**32 if x >> 31 else x
    for (w,) in struct.iter_unpack("<I", d):
        i, v, k = w & 63, ((w >> 6) | (w << 26)) & M, (w >> 8) % 8
        if k == 0:
            t[i] = (t[i] + v) & M
        elif k == 1:
            t[i] ^= v
        elif k == 2:
            t[i] |= v & 0x0F0F0F0F
        elif k == 3:
            t[i] &= v | 0x11111111
        elif k == 4:
            t[i] = (t[i] * 2654435761 + v) & M
        elif k == 5:
            j = (w >> 16) & 63
            t[j] = (t[j] + (t[i] >> 3)) & M
        elif k == 6:
            t[i] = min(t[i], v) if w & 1 else min(t[i], v, key=s32)
        else:
            t[i] = max(t[i], v) if w & 1 else max(t[i], v, key=s32)
    return (f"updates={len(d) // 4} table[0]={t[0]:08x} table[63]={t[63]:08x} "
            f"digest={fnv32_words(t):08x}\n")


def fnv32_words(words):
    h = 2166136261
    for w in words:
        h = ((h ^ w) * 16777619) & 0xFFFFFFFF
    return h


def m_rlp(d):
    st = {"strings": 0, "lists": 0, "empty": 0, "depth": 0, "bytes": 0, "h": 2166136261}

    def fnv(h, bs):
        for b in bs:
            h = ((h ^ b) * 16777619) & 0xFFFFFFFF
        return h

    def header(pos, b, base):
        """(header bytes, payload length) of a string (base 0x80) or list (0xC0) item."""
        if b <= base + 55:
            return 1, b - base
        k = b - base - 55
        return 1 + k, int.from_bytes(d[pos + 1:pos + 1 + k], "big")

    def item(pos, depth):
        b = d[pos]
        if b < 0x80:
            hdr, ln, is_list = 0, 1, False
        elif b < 0xC0:
            is_list = False
            hdr, ln = header(pos, b, 0x80)
        else:
            is_list = True
            hdr, ln = header(pos, b, 0xC0)
        body = pos + hdr
        if not is_list:
            st["strings"] += 1
            st["bytes"] += ln
            st["empty"] += ln == 0
            st["depth"] = max(st["depth"], depth)
            st["h"] = ((st["h"] ^ ((depth * 0x9E3779B9) & 0xFFFFFFFF)) * 16777619) & 0xFFFFFFFF
            st["h"] = fnv(st["h"], d[body:body + ln])
        else:
            st["lists"] += 1
            st["empty"] += ln == 0
            st["depth"] = max(st["depth"], depth + 1)
            st["h"] = ((st["h"] ^ ln ^ 0x80000000) * 16777619) & 0xFFFFFFFF
            p = body
            while p < body + ln:
                p = item(p, depth + 1)
        return body + ln

    pos = items = 0
    while pos < len(d):
        pos = item(pos, 0)
        items += 1
    return (f"items={items} strings={st['strings']} lists={st['lists']} empty={st['empty']} "
            f"max_depth={st['depth']} string_bytes={st['bytes']} fnv={st['h']:08x}\n")


def m_sieve(d):
    n = int(d.split()[0])
    # Möbius by factoring with a smallest-prime-factor table (not the C program's sieve).
    spf = list(range(n + 1))
    for i in range(2, int(n ** 0.5) + 1):
        if spf[i] == i:
            for j in range(i * i, n + 1, i):
                if spf[j] == j:
                    spf[j] = i
    primes = [i for i in range(2, n + 1) if spf[i] == i]
    mertens = 0
    for i in range(1, n + 1):
        m, x = 1, i
        while x > 1:
            p = spf[x]
            x //= p
            if x % p == 0:
                m = 0
                break
            m = -m
        mertens += m
    M = 2**64
    lcg = 1
    digest = 0
    for p in primes:
        lcg = (lcg * 6364136223846793005 + p) % M
        x = (lcg >> 1) - (1 << 62) + mertens
        dv = p % 97 - 48
        if dv:
            q = abs(x) // abs(dv) * (1 if (x < 0) == (dv < 0) else -1)  # C truncates
            digest = (digest * 31 + q + (x - q * dv)) % M
    gap = max((b - a for a, b in zip(primes, primes[1:])), default=0)
    return (f"pi({n})={len(primes)} sum={sum(primes)} mertens={mertens} max_gap={gap} "
            f"digest={digest:016x}\n")


# --- the ordinary group (issue 16) -------------------------------------------------------

def fnv_step(h, x):
    return ((h ^ x) * 16777619) & 0xFFFFFFFF


def m_lexer(d):
    import re
    # One regex alternation per token kind, tried at each position (longest operator first).
    tok = re.compile(rb"""(?P<ws>[ \t\r\n]+)|(?P<id>[A-Za-z_][A-Za-z0-9_]*)
        |(?P<hex>0[xX][0-9a-fA-F]+)(?![A-Za-z0-9_])|(?P<dec>[0-9]+)(?![A-Za-z_])
        |(?P<str>"(?:\\[^\n]|[^"\\\n])*")|(?P<chr>'(?:\\[^\n]|[^'\\\n])')
        |(?P<lc>//[^\n]*)|(?P<bc>/\*.*?\*/)
        |(?P<op>==|!=|<=|>=|&&|\|\||\+\+|--|->|<<|>>|\+=|-=|\*=|/=|[-+*/%<>=!&|^~(){}\[\];,.?:])""",
                     re.X | re.S)
    kw = {b"if", b"else", b"while", b"for", b"return", b"int", b"char", b"void", b"struct",
          b"break", b"continue"}
    kinds = ["ident", "keyword", "number", "string", "char", "comment", "punct"]
    cnt = dict.fromkeys(kinds, 0)
    ih = kh = 2166136261
    nsum, pos = 0, 0
    if not d:
        raise ValueError("bad input")
    while pos < len(d):
        m = tok.match(d, pos)
        if not m:
            raise ValueError("bad input")
        pos, g, text = m.end(), m.lastgroup, m.group()
        if g == "ws":
            continue
        k = {"id": "ident", "hex": "number", "dec": "number", "str": "string", "chr": "char",
             "lc": "comment", "bc": "comment", "op": "punct"}[g]
        if g == "id" and text in kw:
            k = "keyword"
        elif g == "id":
            for b in text + b"\xff":
                ih = fnv_step(ih, b)
        elif k == "number":
            nsum = (nsum + int(text, 16 if g == "hex" else 10)) & 0xFFFFFFFF
        cnt[k] += 1
        kh = fnv_step(kh, kinds.index(k))
    lines = d.count(b"\n")
    return (f"lines={lines} idents={cnt['ident']} keywords={cnt['keyword']} "
            f"numbers={cnt['number']} strings={cnt['string']} chars={cnt['char']} "
            f"comments={cnt['comment']} puncts={cnt['punct']}\n"
            f"ident_fnv={ih:08x} num_sum={nsum:08x} kind_fnv={kh:08x}\n")


def glob_parse(p):
    """A pattern as a list of ('*',) / ('set', predicate) items; None if malformed."""
    items, i = [], 0
    while i < len(p):
        c = p[i]
        if c == 42:  # '*'
            items.append(None)
            i += 1
        elif c == 63:  # '?'
            items.append(lambda b: True)
            i += 1
        elif c == 92:  # '\'
            if i + 1 >= len(p):
                raise ValueError("bad input")
            items.append(lambda b, x=p[i + 1]: b == x)
            i += 2
        elif c == 91:  # '['
            j, neg, ranges = i + 1, False, []
            if j < len(p) and p[j] == 33:
                neg, j = True, j + 1
            first = True
            while j < len(p) and (p[j] != 93 or first):
                if j + 2 < len(p) and p[j + 1] == 45 and p[j + 2] != 93:
                    ranges.append((p[j], p[j + 2]))
                    j += 3
                else:
                    ranges.append((p[j], p[j]))
                    j += 1
                first = False
            if j >= len(p):
                raise ValueError("bad input")
            items.append(lambda b, r=tuple(ranges), n=neg: any(lo <= b <= hi for lo, hi in r) != n)
            i = j + 1
        else:
            items.append(lambda b, x=c: b == x)
            i += 1
    return items


def glob_match(items, s):
    # Dynamic programming over (item, subject position): reachable set, star = stay or eat.
    cur = {0}
    for k, it in enumerate(items):
        nxt = set()
        if it is None:
            lo = min(cur) if cur else None
            if lo is not None:
                nxt = set(range(lo, len(s) + 1))
        else:
            nxt = {j + 1 for j in cur if j < len(s) and it(s[j])}
        cur = nxt
    return len(s) in cur


def m_glob(d):
    lines = d.split(b"\n")
    if not d.endswith(b"\n") or b"" not in lines[:-1]:
        raise ValueError("bad input")
    lines = lines[:-1]
    sep = lines.index(b"")
    pats, subs = lines[:sep], lines[sep + 1:]
    if not pats or not subs:
        raise ValueError("bad input")
    parsed = [glob_parse(p) for p in pats]
    if any(p is None for p in parsed):
        raise ValueError("bad input")
    per_sub, ph, total, best, best_i = [0] * len(subs), 2166136261, 0, 0, 0
    for i, items in enumerate(parsed):
        c = 0
        for j, s in enumerate(subs):
            if glob_match(items, s):
                c += 1
                per_sub[j] += 1
        ph = fnv_step(ph, c)
        total += c
        if c > best:
            best, best_i = c, i
    sh = 2166136261
    for c in per_sub:
        sh = fnv_step(sh, c)
    return (f"patterns={len(pats)} subjects={len(subs)} matches={total} best={best} "
            f"(pattern {best_i})\nper_pattern_fnv={ph:08x} per_subject_fnv={sh:08x}\n")


def m_lzss(d):
    # Greedy LZSS by its definition: longest match 3..18 within 4096 bytes back, nearest
    # on a tie; candidates found through a dict of 3-byte prefixes (positions ascending).
    n, i, at = len(d), 0, {}
    items, added = [], 0
    while i < n:
        best, dist = 0, 0
        if i + 3 <= n:
            limit = min(18, n - i)
            for j in reversed(at.get(d[i:i + 3], ())):
                if i - j > 4096:
                    break
                k = 3
                while k < limit and d[j + k] == d[i + k]:
                    k += 1
                if k > best:
                    best, dist = k, i - j
                    if k == limit:
                        break
        if best >= 3:
            items.append((dist, best))
            step = best
        else:
            items.append(d[i])
            step = 1
        i += step
        while added < i and added + 3 <= n:
            at.setdefault(d[added:added + 3], []).append(added)
            added += 1
    out = bytearray()
    for g in range(0, len(items), 8):
        grp = items[g:g + 8]
        out.append(sum(1 << k for k, it in enumerate(grp) if isinstance(it, tuple)))
        for it in grp:
            if isinstance(it, tuple):
                code = (it[0] - 1) << 4 | (it[1] - 3)
                out += bytes([code >> 8, code & 0xFF])
            else:
                out.append(it)
    h = 2166136261
    for b in out:
        h = fnv_step(h, b)
    nm = sum(isinstance(it, tuple) for it in items)
    return (f"in={n} packed={len(out)} literals={len(items) - nm} matches={nm} round_trip=ok\n"
            f"packed_fnv={h:08x}\n")


def m_dsp(d):
    half = [-38, -61, -72, -55, 0, 98, 232, 388, 550, 698, 818, 905, 960, 990, 1002, 1010]
    taps = half + half[-2::-1]
    x = [v for (v,) in struct.iter_unpack("<h", d)]
    sat = lambda v: max(-32768, min(32767, v))
    fh = ih = 2166136261
    x1 = x2 = y1 = y2 = 0
    peak = energy = zc = rms = bsq = 0
    prev = None
    for i in range(len(x)):
        acc = sum(taps[k] * x[i - k] for k in range(min(31, i + 1)))
        f = sat((acc + (1 << 14)) >> 15)
        fh = fnv_step(fh, f & 0xFFFF)
        y = sat((1024 * f + 2048 * x1 + 1024 * x2 + 23593 * y1 - 13271 * y2) >> 14)
        x2, x1, y2, y1 = x1, f, y1, y
        ih = fnv_step(ih, y & 0xFFFF)
        peak = max(peak, abs(y))
        energy += y * y
        if prev is not None and (y < 0) != (prev < 0):
            zc += 1
        prev = y
        bsq += y * y
        if i % 64 == 63 or i == len(x) - 1:
            import math
            rms += math.isqrt(bsq // (i % 64 + 1))
            bsq = 0
    return (f"samples={len(x)} fir_fnv={fh:08x} iir_fnv={ih:08x}\n"
            f"peak={peak} energy={energy % 2**64:016x} zero_crossings={zc} rms_sum={rms}\n")


def m_mlp(d):
    nl = d[4]
    sizes = struct.unpack_from(f"<{nl + 1}H", d, 5)
    off, layers = 5 + 2 * (nl + 1), []
    for k in range(nl):
        nin, nout = sizes[k], sizes[k + 1]
        w = struct.unpack_from(f"<{nin * nout}b", d, off)
        off += nin * nout
        b = struct.unpack_from(f"<{nout}i", d, off)
        off += 4 * nout
        mult, shift = struct.unpack_from("<HB", d, off)
        off += 3
        layers.append((nin, nout, w, b, mult, shift))
    samples = [struct.unpack_from(f"<{sizes[0]}b", d, o) for o in range(off, len(d), sizes[0])]
    hist, h = [0] * sizes[-1], 2166136261
    for x in samples:
        for k, (nin, nout, w, b, mult, shift) in enumerate(layers):
            y = []
            for o in range(nout):
                acc = (b[o] + sum(w[o * nin + i] * x[i] for i in range(nin))) & 0xFFFFFFFF
                acc -= (acc >> 31) << 32
                v = (acc * mult) >> shift
                y.append(max(-128 if k == nl - 1 else 0, min(127, v)))
            x = y
        for v in x:
            h = fnv_step(h, v & 0xFF)
        hist[x.index(max(x))] += 1
    return (f"samples={len(samples)} layers={nl} classes={sizes[-1]} outputs_fnv={h:08x}\n"
            f"histogram: {' '.join(map(str, hist))}\n")


def m_graph(d):
    import heapq
    from collections import deque
    n = struct.unpack_from("<I", d)[0]
    edges = list(struct.iter_unpack("<HHH", d[4:]))
    adj = [[] for _ in range(n)]
    for u, v, w in edges:
        adj[u].append((v, w))
        adj[v].append((u, w))
    h, dsum, dmax = 2166136261, 0, 0
    for src in range(4):
        s0 = src * n // 4
        dist, pq, done = {s0: 0}, [(0, s0)], set()
        while pq:
            du, u = heapq.heappop(pq)
            if u in done:
                continue
            done.add(u)
            for v, w in adj[u]:
                if du + w < dist.get(v, 2**32 - 1):
                    dist[v] = du + w
                    heapq.heappush(pq, (du + w, v))
        for v in range(n):
            h = fnv_step(h, dist.get(v, 2**32 - 1))
        dsum, dmax = dsum + sum(dist.values()), max(dmax, max(dist.values()))
    hops, q = {0: 0}, deque([0])
    while q:
        u = q.popleft()
        for v, _ in adj[u]:
            if v not in hops:
                hops[v] = hops[u] + 1
                q.append(v)
    # components by a second BFS sweep (the C program uses union-find)
    seen, sizes = set(), []
    for s0 in range(n):
        if s0 in seen:
            continue
        seen.add(s0)
        q, c = deque([s0]), 0
        while q:
            u = q.popleft()
            c += 1
            for v, _ in adj[u]:
                if v not in seen:
                    seen.add(v)
                    q.append(v)
        sizes.append(c)
    return (f"nodes={n} edges={len(edges)} reachable={len(hops)} components={len(sizes)} "
            f"largest={max(sizes)}\n"
            f"dist_sum={dsum} dist_max={dmax} dist_fnv={h:08x} "
            f"hops_max={max(hops.values())} hops_sum={sum(hops.values())}\n")


def m_checksum(d):
    import binascii
    import zlib
    words = [d[i] | (d[i + 1] << 8 if i + 1 < len(d) else 0) for i in range(0, len(d), 2)]
    # Fletcher-32: both sums mod 65535 from 0xFFFF, with 0 written as 0xFFFF
    s1 = (0xFFFF + sum(words)) % 65535 or 0xFFFF
    s2, prefix = 0xFFFF, 0xFFFF
    for w in words:
        prefix += w
        s2 += prefix
    s2 = s2 % 65535 or 0xFFFF
    bh = 2166136261
    for off in range(0, len(d), 1024):
        bh = fnv_step(bh, zlib.crc32(d[off:off + 1024]))
    return (f"len={len(d)} crc32={zlib.crc32(d):08x} adler32={zlib.adler32(d):08x} "
            f"crc16={binascii.crc_hqx(d, 0xFFFF):04x} fletcher32={s2 << 16 | s1:08x}\n"
            f"blocks={(len(d) + 1023) // 1024} block_crc_fnv={bh:08x}\n")


def m_editdist(d):
    lines = d.split(b"\n")[:-1]
    h, ds, ls, dmax, close = 2166136261, 0, 0, 0, 0
    for a, b in zip(lines[0::2], lines[1::2]):
        # full tables (the C program keeps two rows)
        D = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
        L = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
        for i in range(1, len(a) + 1):
            for j in range(1, len(b) + 1):
                D[i][j] = min(D[i - 1][j] + 1, D[i][j - 1] + 1, D[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
                L[i][j] = L[i - 1][j - 1] + 1 if a[i - 1] == b[j - 1] else max(L[i - 1][j], L[i][j - 1])
        dd, ll = D[-1][-1], L[-1][-1]
        ds, ls, dmax, close = ds + dd, ls + ll, max(dmax, dd), close + (dd <= 3)
        h = fnv_step(fnv_step(h, dd), ll)
    return (f"pairs={len(lines) // 2} dist_sum={ds} lcs_sum={ls} dist_max={dmax} within3={close} "
            f"fnv={h:08x}\n")


def m_hashtab(d):
    import re
    ws = [w.lower() for w in re.findall(rb"[A-Za-z]+", d)]
    cnt = {}
    for w in ws:
        cnt[w] = cnt.get(w, 0) + 1
    digest = 0
    for w, c in cnt.items():
        hw = 2166136261
        for b in w:
            hw = fnv_step(hw, b)
        digest = (digest + (hw ^ (c * 2654435761 & 0xFFFFFFFF))) & 0xFFFFFFFF
    top = sorted(cnt.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    ids = {w: i for i, w in enumerate(cnt)}  # dicts keep first-insertion order
    pairs = {}
    for x, y in zip(ws, ws[1:]):
        k = (ids[x], ids[y])
        pairs[k] = pairs.get(k, 0) + 1
    M = 0xFFFFFFFF

    def mix(a, b):
        h = ((a * 0x9E3779B1) & M) ^ b
        h = ((h ^ (h >> 16)) * 0x85EBCA6B) & M
        h = ((h ^ (h >> 13)) * 0xC2B2AE35) & M
        return h ^ (h >> 16)
    bd = sum(mix(a, b) ^ c for (a, b), c in pairs.items()) & M
    out = (f"words={len(ws)} distinct={len(cnt)} once={sum(c == 1 for c in cnt.values())} "
           f"longest={max(map(len, ws))} digest={digest:08x}\ntop:" +
           "".join(f" {w[:48].decode()}:{c}" for w, c in top) + "\n")
    out += f"bigrams={len(ws) - 1} distinct={len(pairs)} digest={bd:08x} top:"
    if pairs:
        (a, b), c = min(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
        word = list(cnt)
        out += f" {word[a][:48].decode()}:{cnt[word[a]]} {word[b][:48].decode()}:{cnt[word[b]]} x{c}"
    return out + "\n"


MODELS = {name[2:]: f for name, f in globals().items() if name.startswith("m_")}


def main(argv):
    if len(argv) < 4:
        sys.exit("usage: reference.py PROGRAM HOST_BINARY INPUT...")
    prog, host, inputs = argv[1], argv[2], argv[3:]
    if prog not in MODELS:
        print(f"no reference model for {prog}")
        return 77
    failed = 0
    for inp in inputs:
        data = open(inp, "rb").read()
        want = MODELS[prog](data).encode()
        with open(inp, "rb") as fin:
            p = subprocess.run([host], stdin=fin, stdout=subprocess.PIPE, timeout=120)
        if p.stdout == want and p.returncode == 0:
            print(f"ok   {prog} < {inp}: host output equals the Python model ({len(want)} bytes)")
            continue
        failed += 1
        print(f"FAIL {prog} < {inp}: host exit {p.returncode}, output differs from the Python model\n"
              f"     want: {want[:300]!r}\n     got:  {p.stdout[:300]!r}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
