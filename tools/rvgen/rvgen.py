#!/usr/bin/env python3
"""rvgen: deterministic generator of random, terminating RV32IM[A][C] assembly programs for
differential testing of uvm against qemu-riscv32.

Invariants: the same (seed, variant, size) always gives the same text; every program
terminates (only forward branches/jumps, loops bounded by a reserved counter, subroutines
that only return), never faults (every access lies in its 4 KiB buffer, its rodata table or
its .bss, AMO/LR/SC addresses are word-aligned; illegal and unsupported words sit only on
paths it never takes: after unconditional jumps and after the exit), and ends by writing to
fd 1 the 128-byte register dump (xi at offset 4*i, x0's slot stays zero) followed by the
buffer, then exits with a register-derived code. Mid-program write(2)s of buffer slices may
precede the dump.

Register roles (never written by random instructions):
  x2  (sp)  = buf + SP_OFF, a fixed offset; only c.addi16sp pairs move it, and back
  x8  (s0)  = buf + b0, 4-aligned: base for loads/stores, AMO address computations
  x9  (s1)  = buf + b1, any alignment: base for loads/stores (often misaligned)
  x31       = loop counter, written only by loop headers and their decrement
Subroutines reserve their link register (x1 or x5) inside their own body.

Usage:  rvgen.py [--variant im|ima|imac] [--insns N] SEED      (assembly to stdout)
        rvgen.py --coverage --variant V --seeds A:B            (exit 1 if a mnemonic is never used)
"""

import argparse
import itertools
import random
import re
import struct
import sys

from rvitems import (  # noqa: F401 (some only re-exported, for rvdiff)
    BSS_BYTES, BUF_BYTES, DEAD_WORDS, DUMP_BYTES, INT_MIN, LOOP_REG, PAGE_CROSS, PROTECTED, RODATA_BYTES,
    SP_OFF, VARIANTS, WRITABLE, Items, s32, x)


class Block:
    """Straight-line list of units with pending forward labels: a branch asks for a label
    `dist` units ahead; labels are only ever placed between units, so no branch lands
    inside a multi-instruction unit (an LR/SC pair, a c.addi16sp pair, a loop)."""

    def __init__(self):
        self.units = []        # ("item", [lines]) or ("label", name)
        self.pending = []      # [units_left, name, short]

    def has_short(self):
        return any(p[2] for p in self.pending)

    def add(self, lines):
        self.units.append(("item", lines))
        for p in self.pending:
            p[0] -= 1
        for p in [p for p in self.pending if p[0] <= 0]:
            self.units.append(("label", p[1]))
            self.pending.remove(p)

    def close(self):
        for p in self.pending:
            self.units.append(("label", p[1]))
        self.pending = []

    def lines(self):
        out = []
        for kind, v in self.units:
            out.extend(v if kind == "item" else [v + ":"])
        return out


class Gen(Items):
    def __init__(self, seed, variant="im", insns=200):
        if variant not in VARIANTS:
            raise ValueError("unknown variant %r" % variant)
        self.rng = random.Random("rvgen:%s:%d" % (variant, seed))
        self.dead_rng = random.Random("rvgen-dead:%s:%d" % (variant, seed))  # rvitems.dead_words
        self.seed, self.variant, self.insns = seed, variant, insns
        self.A = "a" in variant
        self.C = "c" in variant
        self.nlabel = 0
        self.menus = {}
        r = self.rng
        self.base_off = {2: SP_OFF, 8: 4 * r.randrange(0, 512), 9: r.randrange(0, 2048)}
        self.nsubs = r.randint(1, 3)
        self.far = r.randint(1024, 10000) if r.random() < 0.1 else 0
        self.sub_link = [1 if i % 2 == 0 else 5 for i in range(self.nsubs)]

    # ---- structure: items, blocks, the whole program ----------------------------------------
    def item(self, ctx, blk):
        """One random unit; ctx: keep (registers not to write), loop_ok, call_ok."""
        loop_ok = ctx["loop_ok"] and not blk.has_short()
        key = (ctx["call_ok"], loop_ok)
        menu = self.menus.get(key)
        if menu is None:
            m = [(self.i_alu_rr, 14), (self.i_alu_ri, 14), (self.i_upper, 3), (self.i_li, 3),
                 (self.i_muldiv, 8), (self.i_load, 9), (self.i_store, 8),
                 (self.i_store_load, 3), (self.i_rodata, 1), (self.i_bss, 1), (self.i_fence, 1),
                 (self.i_branch, 7), (self.i_jal, 2), (self.i_jalr, 2),
                 (self.i_idiom, 6), (self.i_write, 1)]
            if ctx["call_ok"]:
                m.append((self.i_call, 2))
            if loop_ok:
                m.append((self.i_loop, 2))
            if self.A:
                m += [(self.i_amo, 4), (self.i_lrsc, 3)]
            if self.C:
                m.append((self.i_compressed, 16))
            fns, weights = zip(*m)
            menu = self.menus[key] = (fns, list(itertools.accumulate(weights)))
        return self.rng.choices(menu[0], cum_weights=menu[1])[0](ctx, blk)

    def block(self, ctx, budget):
        blk = Block()
        n = 0
        while n < budget:
            lines = self.item(ctx, blk)
            blk.add(lines)
            n += sum(1 for ln in lines if not ln.endswith(":") and not ln.startswith(".word"))
        blk.close()
        return blk

    def generate(self):
        r = self.rng
        top = {"keep": frozenset(), "loop_ok": True, "call_ok": True}
        self.main = self.block(top, self.insns)
        self.subs = []
        for i, link in enumerate(self.sub_link):
            body = self.block({"keep": frozenset({link}), "loop_ok": False, "call_ok": False},
                              r.randint(2, 8))
            ret = r.choice(["jalr x0, 0(%s)" % x(link)] + (["c.jr %s" % x(link)] if self.C else []))
            self.subs.append(["sub%d:" % i] + body.lines() + [ret])
        self.init = {n: s32(self.value()) for n in WRITABLE + [LOOP_REG]}
        self.exit_nr = r.choice([93, 93, 94])
        self.split_write = r.random() < 0.3
        self.bufwords = list(struct.unpack("<%dI" % (BUF_BYTES // 4), r.randbytes(BUF_BYTES)))
        for i in r.sample(range(BUF_BYTES // 4), BUF_BYTES // 20):
            self.bufwords[i] = self.value()
        self.rowords = list(struct.unpack("<%dI" % (RODATA_BYTES // 4), r.randbytes(RODATA_BYTES)))
        return self

    def items(self):
        """Number of top-level units a reducer may drop (see render)."""
        return sum(1 for k, _ in self.main.units if k == "item")

    def render(self, drop=frozenset()):
        """The assembly text; `drop` holds indices of top-level items to leave out (labels
        always stay, so every branch still has a forward target)."""
        out = ["# rvgen seed=%d variant=%s insns=%d" % (self.seed, self.variant, self.insns),
               ".option norelax", ".text", ".globl _start", "_start:"]
        out += ["la x%d, buf%+d" % (b, self.base_off[b]) for b in (2, 8, 9)]
        out += ["li %s, %d" % (x(n), v) for n, v in sorted(self.init.items())]
        body, i = [], 0
        for kind, v in self.main.units:
            if kind == "label":
                body.append(v + ":")
                continue
            if i not in drop:
                body.extend(v)
            i += 1
        if drop:  # a reduced program: leave out the labels nothing refers to any more
            used = set(re.findall(r"\.L\d+", " ".join(ln for ln in body if not ln.endswith(":"))))
            body = [ln for ln in body if not re.match(r"\.L\d+:$", ln) or ln[:-1] in used]
        out += body
        d = -(SP_OFF + DUMP_BYTES)
        out += ["sw x%d, %d(x2)" % (n, d + 4 * n) for n in range(1, 32)]
        out += ["xor x31, x31, x%d" % n for n in range(1, 31)]
        if self.split_write:
            chunks = [("dump", DUMP_BYTES), ("buf", BUF_BYTES)]
        else:
            chunks = [("dump", DUMP_BYTES + BUF_BYTES)]
        for sym, n in chunks:
            out += ["li x10, 1", "la x11, %s" % sym, "li x12, %d" % n, "li x17, 64", "ecall"]
        out += ["addi x10, x31, 0", "li x17, %d" % self.exit_nr, "ecall"]
        out.append(".word 0x%08x" % self.dead_rng.choice(DEAD_WORDS))  # as conformance suites do
        if self.far:   # never executed; pushes the calls' jal offsets past 4 KiB
            out.append(".fill %d, 4, 0x00000013" % self.far)
        for s in self.subs:
            out += s
        out += [".data", ".balign 4096", ".zero %d" % (4096 - PAGE_CROSS - DUMP_BYTES),
                "dump: .zero %d" % DUMP_BYTES, "buf:"]
        out += words_lines(self.bufwords)
        out += [".section .rodata", ".balign 4", "rotab:"] + words_lines(self.rowords)
        out += [".bss", ".balign 4", "zbuf: .zero %d" % BSS_BYTES]
        return "\n".join(ln if ln.endswith(":") or ln[0] in ".#" else "  " + ln
                         for ln in out) + "\n"


def words_lines(words):
    return [".word " + ", ".join("0x%08x" % w for w in words[i:i + 8])
            for i in range(0, len(words), 8)]


def program(seed, variant="im", insns=200):
    """Assembly text of program `seed`; deterministic."""
    return Gen(seed, variant, insns).generate().render()


MNEMONIC_RE = re.compile(r"^\s+([a-z][a-z0-9.]*)\b")


def mnemonics(text):
    """Base mnemonics used in an assembly text (ordering suffixes .aq/.rl/.aqrl dropped)."""
    seen = {}
    for ln in text.splitlines():
        m = MNEMONIC_RE.match(ln)
        if not m or m.group(1).startswith("."):
            continue
        name = re.sub(r"\.(aqrl|aq|rl)$", "", m.group(1))
        seen[name] = seen.get(name, 0) + 1
    return seen


def parse_range(s):
    a, _, b = s.partition(":")
    return range(int(a), int(b))


def coverage(variant, seeds, insns):
    """Counts of every required mnemonic over the seeds; returns (counts, missing)."""
    total = {}
    dead = set(".word 0x%08x" % w for w in DEAD_WORDS)
    for seed in seeds:
        text = program(seed, variant, insns)
        for k, v in mnemonics(text).items():
            total[k] = total.get(k, 0) + v
        # never-executed words inside the body (after a jump), beside the one after the exit
        body = text.split("\n  ecall\n.word")[0]
        total["(dead word)"] = total.get("(dead word)", 0) + sum(ln in dead for ln in body.splitlines())
    required = VARIANTS[variant][1] + ["(dead word)"]
    return total, [m for m in required if total.get(m, 0) == 0]


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--variant", default="im", choices=sorted(VARIANTS))
    ap.add_argument("--insns", type=int, default=200, help="body size (instructions, approx.)")
    ap.add_argument("--coverage", action="store_true",
                    help="check every mnemonic of the variant appears across --seeds")
    ap.add_argument("--seeds", default="0:100", help="A:B, for --coverage")
    ap.add_argument("seed", nargs="?", type=int)
    a = ap.parse_args(argv)
    if a.coverage:
        seeds = parse_range(a.seeds)
        total, missing = coverage(a.variant, seeds, a.insns)
        required = VARIANTS[a.variant][1] + ["(dead word)"]
        rare = sorted(required, key=lambda m: total.get(m, 0))[:5]
        print("%s seeds %d:%d: %d/%d mnemonics used; rarest: %s" % (
            a.variant, seeds.start, seeds.stop, len(required) - len(missing), len(required),
            ", ".join("%s=%d" % (m, total.get(m, 0)) for m in rare)))
        if missing:
            print("never generated: " + " ".join(missing))
            return 1
        return 0
    if a.seed is None:
        ap.error("a SEED (or --coverage) is required")
    sys.stdout.write(program(a.seed, a.variant, a.insns))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
