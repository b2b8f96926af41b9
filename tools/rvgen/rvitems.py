"""rvitems: the ISA tables and the per-instruction-class generators behind rvgen.

Invariant: every item a generator returns is a list of assembly lines that, run from any
state rvgen's prologue can reach, stays inside the buffer/rodata/bss, never writes a
protected register (see rvgen.py) or one in ctx["keep"], and jumps only forward to
labels it registers in the Block (or inside itself), to subroutines, or back to a loop head.
"""

DUMP_BYTES = 128          # x0..x31 slots; x0's slot stays zero
BUF_BYTES = 4096
RODATA_BYTES = 256
BSS_BYTES = 512
PAGE_CROSS = 2048         # buf starts at page offset 4096-PAGE_CROSS: buf+2048 is a page start
SP_OFF = 1024             # sp = buf + SP_OFF; epilogue reaches dump at -(SP_OFF+128) from sp
PROTECTED = frozenset({0, 2, 8, 9, 31})
LOOP_REG = 31
WRITABLE = [r for r in range(1, 32) if r not in PROTECTED]
ALL_REGS = list(range(32))
CREGS = list(range(8, 16))                    # registers reachable by 3-bit c.* fields
CREGS_W = [r for r in CREGS if r not in PROTECTED]

INT_MIN, INT_MAX = 0x80000000, 0x7fffffff
VALUE_POOL = [0, 1, 0xffffffff, INT_MIN, INT_MAX, 2, 31, 32, 33, 0x7f, 0x80, 0xff,
              0x7ff, 0x800, 0xfff, 0x7fff, 0x8000, 0xffff, 0x10000, 0xfffff800,
              0xffff8000, 0x80000001, 0xfffffffe]
IMM12_POOL = [0, 1, -1, 2047, -2048, 2, -2, 0x7f, 0x80, 0xff]
SHAMT_POOL = [0, 31, 1, 16]
IMM20_POOL = [0, 0xfffff, 0x80000, 0x7ffff, 1]

RV32I = ("lui auipc jal jalr beq bne blt bge bltu bgeu lb lh lw lbu lhu sb sh sw addi slti "
         "sltiu xori ori andi slli srli srai add sub sll slt sltu xor srl sra or and fence "
         "fence.tso ecall").split()
RV32M = "mul mulh mulhsu mulhu div divu rem remu".split()
RV32A = ("lr.w sc.w amoswap.w amoadd.w amoxor.w amoand.w amoor.w amomin.w amomax.w amominu.w "
         "amomaxu.w").split()
RV32C = ("c.addi4spn c.lw c.sw c.nop c.addi c.jal c.li c.addi16sp c.lui c.srli c.srai c.andi "
         "c.sub c.xor c.or c.and c.j c.beqz c.bnez c.slli c.lwsp c.jr c.mv c.jalr c.add "
         "c.swsp").split()
# ebreak is left out on purpose: it traps on qemu-user (SIGTRAP), so it has no output to compare.
# Never-executed words (rvgen puts them after unconditional jumps and the exit): the
# 32-bit unimp (csrrw x0, cycle, x0; clang's __builtin_trap), an all-ones word (no
# valid encoding), flw (F), fadd.s (F), mret (privileged), a CSR read (Zicsr).
DEAD_WORDS = [0xc0001073, 0xffffffff, 0x00052007, 0x00b57553, 0x30200073, 0xc0002573]

VARIANTS = {"im": ("rv32im", RV32I + RV32M),
            "ima": ("rv32ima", RV32I + RV32M + RV32A),
            "imac": ("rv32imac", RV32I + RV32M + RV32A + RV32C)}

ALU_RR = "add sub sll slt sltu xor srl sra or and".split()
ALU_RI = "addi slti sltiu xori ori andi".split()
SHIFT_I = "slli srli srai".split()
BRANCH = "beq bne blt bge bltu bgeu".split()
LOADS = {"lb": 1, "lbu": 1, "lh": 2, "lhu": 2, "lw": 4}
STORES = {"sb": 1, "sh": 2, "sw": 4}
AMO = [m[:-2] for m in RV32A[2:]]  # amoswap ... amomaxu (".w" stripped)
ORDERING = ["", "", ".aq", ".rl", ".aqrl"]


def x(r):
    return "x%d" % r


def s32(v):
    v &= 0xffffffff
    return v - (1 << 32) if v & INT_MIN else v


class Items:
    """Mixin for rvgen.Gen: needs self.rng, self.A, self.C, self.base_off, self.nsubs,
    self.sub_link, self.far, self.nlabel, self.block()."""

    def label(self):
        self.nlabel += 1
        return ".L%d" % self.nlabel

    def value(self):
        r = self.rng
        c = r.random()
        if c < 0.45:
            return r.choice(VALUE_POOL)
        if c < 0.6:
            return (1 << r.randrange(32)) ^ (0xffffffff if r.random() < 0.3 else 0)
        if c < 0.75:
            return r.randrange(-64, 64) & 0xffffffff
        return r.getrandbits(32)

    def imm12(self):
        r = self.rng
        return r.choice(IMM12_POOL) if r.random() < 0.5 else r.randrange(-2048, 2048)

    def shamt(self):
        r = self.rng
        return r.choice(SHAMT_POOL) if r.random() < 0.5 else r.randrange(32)

    def rd(self, ctx, x0_ok=True):
        if x0_ok and self.rng.random() < 0.04:
            return 0
        while True:
            w = self.rng.choice(WRITABLE)
            if w not in ctx["keep"]:
                return w

    def rs(self):
        return self.rng.choice(ALL_REGS)

    def crd(self, ctx):
        regs = [w for w in CREGS_W if w not in ctx["keep"]]
        return self.rng.choice(regs)

    def mem_imm(self, base, size, aligned):
        """Offset imm so that base+imm lies in the buffer; aligned or deliberately not."""
        r = self.rng
        boff = self.base_off[base]
        lo, hi = max(0, boff - 2048), min(BUF_BYTES - size, boff + 2047)
        if not aligned and size > 1 and r.random() < 0.2:
            # straddle the page boundary at buf+PAGE_CROSS (the data is laid out for it)
            a = PAGE_CROSS - r.randint(1, size - 1)
            if lo <= a <= hi:
                return a - boff
        while True:
            a = r.randint(lo, hi)
            if size == 1 or (a % size == 0) == aligned:
                return a - boff

    # ---- item generators: each returns a list of lines (one unit) ------------------------
    def i_alu_rr(self, ctx, blk=None):
        return ["%s %s, %s, %s" % (self.rng.choice(ALU_RR), x(self.rd(ctx)), x(self.rs()),
                                   x(self.rs()))]

    def i_alu_ri(self, ctx, blk=None):
        r = self.rng
        if r.random() < 0.35:
            return ["%s %s, %s, %d" % (r.choice(SHIFT_I), x(self.rd(ctx)), x(self.rs()),
                                       self.shamt())]
        return ["%s %s, %s, %d" % (r.choice(ALU_RI), x(self.rd(ctx)), x(self.rs()),
                                   self.imm12())]

    def i_upper(self, ctx, blk=None):
        r = self.rng
        imm = r.choice(IMM20_POOL) if r.random() < 0.4 else r.getrandbits(20)
        return ["%s %s, 0x%x" % (r.choice(["lui", "auipc"]), x(self.rd(ctx)), imm)]

    def i_li(self, ctx, blk=None):
        return ["li %s, %d" % (x(self.rd(ctx, False)), s32(self.value()))]

    def i_muldiv(self, ctx, blk=None):
        r = self.rng
        op = r.choice(RV32M)
        if r.random() < 0.3:  # the corner cases: x/0, INT_MIN/-1, INT_MIN*-1
            a, b = r.sample([w for w in WRITABLE if w not in ctx["keep"]], 2)
            va = r.choice([INT_MIN, INT_MAX, 0xffffffff, 0, 1, self.value()])
            vb = r.choice([0, 0xffffffff, 1, INT_MIN, self.value()])
            return ["li %s, %d" % (x(a), s32(va)), "li %s, %d" % (x(b), s32(vb)),
                    "%s %s, %s, %s" % (op, x(self.rd(ctx)), x(a), x(b))]
        return ["%s %s, %s, %s" % (op, x(self.rd(ctx)), x(self.rs()), x(self.rs()))]

    def i_load(self, ctx, blk=None):
        r = self.rng
        op = r.choice(list(LOADS))
        base = r.choice([2, 8, 9])
        imm = self.mem_imm(base, LOADS[op], r.random() < 0.6)
        return ["%s %s, %d(%s)" % (op, x(self.rd(ctx)), imm, x(base))]

    def i_store(self, ctx, blk=None):
        r = self.rng
        op = r.choice(list(STORES))
        base = r.choice([2, 8, 9])
        imm = self.mem_imm(base, STORES[op], r.random() < 0.6)
        return ["%s %s, %d(%s)" % (op, x(self.rs()), imm, x(base))]

    def i_store_load(self, ctx, blk=None):
        """A store then an overlapping load of another width: byte order and extension."""
        r = self.rng
        st, ld = r.choice(list(STORES)), r.choice(list(LOADS))
        base = r.choice([8, 9])
        imm = self.mem_imm(base, 4, r.random() < 0.5)
        imm = max(-2048, min(2047 - 3, imm))
        boff = self.base_off[base]
        if not (0 <= boff + imm and boff + imm + 4 <= BUF_BYTES):
            imm = -boff
        return ["%s %s, %d(%s)" % (st, x(self.rs()), imm, x(base)),
                "%s %s, %d(%s)" % (ld, x(self.rd(ctx)), imm + r.randrange(0, 5 - LOADS[ld]),
                                   x(base))]

    def i_rodata(self, ctx, blk=None):
        r = self.rng
        op = r.choice(list(LOADS))
        t = self.rd(ctx, False)
        off = r.randrange(0, RODATA_BYTES - 4)
        imm = r.randrange(-off, min(2048, RODATA_BYTES - LOADS[op] - off))
        return ["la %s, rotab+%d" % (x(t), off), "%s %s, %d(%s)" % (op, x(self.rd(ctx)), imm, x(t))]

    def i_bss(self, ctx, blk=None):
        """Loads and stores in .bss, which the loader must zero (file size < memory size);
        only the registers loaded from it reach the dump."""
        r = self.rng
        t = self.rd(ctx, False)
        off = r.randrange(0, BSS_BYTES - 4)
        lines = ["la %s, zbuf+%d" % (x(t), off)]
        if r.random() < 0.4:
            st = r.choice(list(STORES))
            lines.append("%s %s, %d(%s)" % (st, x(self.rs()), r.randint(-off, BSS_BYTES - off
                                                                       - STORES[st]), x(t)))
        ld = r.choice(list(LOADS))
        lines.append("%s %s, %d(%s)" % (ld, x(self.rd(ctx)),
                                        r.randint(-off, BSS_BYTES - off - LOADS[ld]), x(t)))
        return lines

    def i_branch(self, ctx, blk):
        r = self.rng
        lab = self.label()
        blk.pending.append([r.randint(1, 6), lab, False])
        a = self.rs()
        b = a if r.random() < 0.15 else self.rs()
        return ["%s %s, %s, %s" % (r.choice(BRANCH), x(a), x(b), lab)]

    def i_jal(self, ctx, blk):
        lab = self.label()
        blk.pending.append([self.rng.randint(1, 4), lab, False])
        return ["jal %s, %s" % (x(self.rd(ctx)), lab)] + self.dead_words(blk)

    def dead_words(self, blk):
        """Words the program never executes, right after an unconditional jump (no label
        can sit between them and it): illegal or unsupported encodings, which must
        translate (a trapping uop) and never fault. Drawn from their own generator so
        they change nothing else in the program; none while a short (compressed) branch
        waits for its label, whose reach the extra bytes could break."""
        if blk is None or blk.has_short() or self.dead_rng.random() >= 0.25:
            return []
        return [".word 0x%08x" % self.dead_rng.choice(DEAD_WORDS)
                for _ in range(self.dead_rng.randint(1, 2))]

    def i_jalr(self, ctx, blk):
        """la + jalr through a computed address, with an immediate and sometimes bit 0 set
        (jalr clears it); rd may equal the address register."""
        r = self.rng
        lab = self.label()
        blk.pending.append([r.randint(1, 4), lab, False])
        t = self.rd(ctx, False)
        k = r.choice([0, 0, 4, 8, -4, 2047, -2046, 1])
        imm = -k + (1 if r.random() < 0.2 else 0)   # target lab or lab+1: bit 0 is cleared
        rd = t if r.random() < 0.2 else self.rd(ctx)
        return ["la %s, %s%+d" % (x(t), lab, k), "jalr %s, %d(%s)" % (x(rd), imm, x(t))] + \
            self.dead_words(blk)

    def i_call(self, ctx, blk=None):
        r = self.rng
        i = r.randrange(self.nsubs)
        link, name = self.sub_link[i], "sub%d" % i
        c = r.random()
        if self.C and link == 1 and c < 0.3 and not self.far:   # c.jal reaches +-2 KiB
            return ["c.jal %s" % name]
        if self.C and link == 1 and c < 0.5:
            t = self.crd(ctx) if r.random() < 0.5 else self.rd(ctx, False)
            if t == 1:
                t = 10
            return ["la %s, %s" % (x(t), name), "c.jalr %s" % x(t)]
        if c < 0.6:
            return ["jal %s, %s" % (x(link), name)]
        if c < 0.75:  # auipc + jalr
            return ["call %s, %s" % (x(link), name)]
        t = self.rd(ctx, False)
        return ["la %s, %s" % (x(t), name), "jalr %s, 0(%s)" % (x(link), x(t))]

    def i_write(self, ctx, blk=None):
        """A write(2) of part of the buffer mid-program: fd 1 output is compared, fd 2 is
        not; a0 gets the byte count back. Lengths include 0 and odd addresses."""
        r = self.rng
        base = r.choice([8, 9])
        n = r.choice([0, 1, 3, 4, r.randint(1, 64)])
        a = r.randint(0, BUF_BYTES - n)
        a = max(self.base_off[base] - 2048, min(self.base_off[base] + 2047, a))
        return ["li x10, %d" % (1 if r.random() < 0.8 else 2),
                "addi x11, %s, %d" % (x(base), a - self.base_off[base]),
                "li x12, %d" % n, "li x17, 64", "ecall"]

    def i_idiom(self, ctx, blk=None):
        """Sequences compilers emit and fusion passes look for, sometimes with the pattern
        broken (another destination) and sometimes entered in the middle by a branch."""
        r = self.rng
        a, b, c = (self.rd(ctx, False) for _ in range(3))
        d = a if r.random() < 0.8 else b          # usually the fusible shape
        s1, s2 = self.rs(), self.rs()
        k = r.choice([1, 8, 16, 24, 31, r.randint(1, 31)])
        boff = self.base_off[8]
        kind = r.randrange(12)
        if kind == 0:
            v = s32(self.value())
            hi, lo = ((v + 0x800) >> 12) & 0xfffff, ((v & 0xfff) ^ 0x800) - 0x800
            seq = ["lui %s, 0x%x" % (x(a), hi), "addi %s, %s, %d" % (x(d), x(a), lo)]
        elif kind == 1:
            seq = ["slli %s, %s, %d" % (x(a), x(s1), k),
                   "%s %s, %s, %d" % (r.choice(["srli", "srai"]), x(d), x(a), k)]
        elif kind == 2:
            op = r.choice([("mulhu", "mul"), ("mulh", "mul"), ("div", "rem"), ("divu", "remu")])
            seq = ["%s %s, %s, %s" % (op[0], x(a), x(s1), x(s2)),
                   "%s %s, %s, %s" % (op[1], x(b), x(s1), x(s2))]
        elif kind == 3:  # indexed load: bounded index, added to the buffer base
            seq = ["andi %s, %s, %d" % (x(a), x(s1), r.choice([0x3fc, 0x3ff, 0x7f0])),
                   "add %s, x8, %s" % (x(a), x(a)),
                   "%s %s, %d(%s)" % (r.choice(list(LOADS)), x(d), r.randint(0, 8), x(a))]
        elif kind == 4:  # memory increment
            off = self.mem_imm(8, 4, True)
            seq = ["lw %s, %d(x8)" % (x(a), off), "addi %s, %s, %d" % (x(a), x(a), self.imm12()),
                   "sw %s, %d(x8)" % (x(d), off)]
        elif kind == 5:
            seq = [r.choice(["sltu %s, x0, %s", "sub %s, x0, %s", "sltiu %s, %s, 1",
                             "xori %s, %s, -1"]).replace("%s", x(a), 1).replace("%s", x(s1), 1)]
            seq.append("add %s, %s, %s" % (x(c), x(d), x(s2)))
        elif kind == 6:  # compare then branch on the result
            lab = self.label()
            seq = ["%s %s, %s, %s" % (r.choice(["slt", "sltu"]), x(a), x(s1), x(s2)),
                   "%s %s, x0, %s" % (r.choice(["bne", "beq"]), x(d), lab),
                   "addi %s, %s, 1" % (x(c), x(c)), lab + ":"]
        elif kind == 7:  # absolute address: lui %hi / load or store %lo
            off = r.randint(0, BUF_BYTES - 4)
            seq = ["lui %s, %%hi(buf+%d)" % (x(a), off),
                   r.choice(["lw %s, %%lo(buf+%d)(%s)" % (x(c), off, x(a)),
                             "sw %s, %%lo(buf+%d)(%s)" % (x(s1), off, x(a))])]
        elif kind == 8:  # pc-relative load or store (auipc + lw/sw)
            off = r.randint(0, BUF_BYTES - 4)
            seq = [r.choice(["lw %s, buf+%d" % (x(a), off),
                             "sw %s, buf+%d, %s" % (x(s1), off, x(a))])]
        elif kind == 9:
            seq = ["auipc %s, 0" % x(a), "addi %s, %s, %d" % (x(d), x(a), self.imm12())]
        elif kind == 10:  # add then shift (address arithmetic)
            seq = ["slli %s, %s, %d" % (x(a), x(s1), r.choice([1, 2, 3])),
                   "add %s, %s, %s" % (x(d), x(a), x(s2))]
        else:
            seq = ["addi %s, %s, %d" % (x(a), x(s1), self.imm12()),
                   "%s %s, %s, %s" % (r.choice(ALU_RR), x(d), x(a), x(s2))]
        insns = [i for i, ln in enumerate(seq) if not ln.endswith(":")]
        # enter after the first instruction, unless that one makes the address in-bounds
        if len(insns) > 1 and kind not in (3, 7) and r.random() < 0.3:
            mid = self.label()
            seq = (["%s %s, %s, %s" % (r.choice(BRANCH), x(self.rs()), x(self.rs()), mid)] +
                   seq[:insns[1]] + [mid + ":"] + seq[insns[1]:])
        return seq

    def i_fence(self, ctx, blk=None):
        r = self.rng
        return [r.choice(["fence", "fence", "fence rw, rw", "fence r, w", "fence iorw, iorw",
                          "fence.tso"])]

    def amo_addr(self, ctx):
        t = self.rd(ctx, False)
        boff = self.base_off[8]
        a = 4 * self.rng.randrange(max(0, boff - 2048) // 4, min(BUF_BYTES, boff + 2048) // 4)
        return t, ["addi %s, x8, %d" % (x(t), a - boff)]

    def i_amo(self, ctx, blk=None):
        r = self.rng
        t, lines = self.amo_addr(ctx)
        rd = t if r.random() < 0.1 else self.rd(ctx)
        lines.append("%s.w%s %s, %s, (%s)" % (r.choice(AMO), r.choice(ORDERING), x(rd),
                                              x(self.rs()), x(t)))
        return lines

    def i_lrsc(self, ctx, blk=None):
        """LR then SC to the same word with only register ops between: SC must succeed.
        A lone SC (no reservation: every pair ends with its SC) must fail and not store."""
        r = self.rng
        t, lines = self.amo_addr(ctx)
        inner = dict(ctx, keep=ctx["keep"] | {t})
        if r.random() < 0.2:
            lines.append("sc.w%s %s, %s, (%s)" % (r.choice(ORDERING), x(self.rd(ctx)),
                                                  x(self.rs()), x(t)))
            return lines
        lines.append("lr.w%s %s, (%s)" % (r.choice(ORDERING), x(self.rd(inner)), x(t)))
        for _ in range(r.randrange(3)):
            lines.extend(r.choice([self.i_alu_rr, self.i_alu_ri])(inner, None))
        lines.append("sc.w%s %s, %s, (%s)" % (r.choice(ORDERING), x(self.rd(ctx)),
                                              x(self.rs()), x(t)))
        return lines

    # ---- compressed forms (explicit c.* mnemonics; gas also compresses others itself) ----
    def i_compressed(self, ctx, blk):
        r = self.rng
        nz6 = lambda: r.choice([v for v in range(-32, 32) if v != 0])
        sh = lambda: r.choice([1, 31, r.randint(1, 31)])
        rd = self.rd(ctx, False)
        crd = self.crd(ctx)
        kind = r.randrange(21)
        if kind == 0:
            return ["c.addi %s, %d" % (x(rd), nz6())]
        if kind == 1:
            return ["c.li %s, %d" % (x(rd), r.randint(-32, 31))]
        if kind == 2:
            imm = r.choice([r.randint(1, 31), r.randint(0xfffe0, 0xfffff)])
            return ["c.lui %s, 0x%x" % (x(rd), imm)]
        if kind == 3:  # move sp and back, touching the stack in between
            k = 16 * r.choice([v for v in range(-31, 32) if v != 0])
            return ["c.addi16sp x2, %d" % k,
                    "c.swsp %s, %d(x2)" % (x(self.rs()), 4 * r.randrange(64)),
                    "c.lwsp %s, %d(x2)" % (x(rd), 4 * r.randrange(64)),
                    "c.addi16sp x2, %d" % -k]
        if kind == 4:
            return ["c.addi4spn %s, x2, %d" % (x(crd), 4 * r.randint(1, 255))]
        if kind == 5:
            return ["c.slli %s, %d" % (x(rd), sh())]
        if kind in (6, 7):
            return ["%s %s, %d" % (r.choice(["c.srli", "c.srai"]), x(crd), sh())]
        if kind == 8:
            return ["c.andi %s, %d" % (x(crd), r.randint(-32, 31))]
        if kind == 9:
            return ["c.mv %s, %s" % (x(rd), x(r.randint(1, 31)))]
        if kind == 10:
            return ["c.add %s, %s" % (x(rd), x(r.randint(1, 31)))]
        if kind in (11, 12):
            return ["%s %s, %s" % (r.choice(["c.sub", "c.xor", "c.or", "c.and"]), x(crd),
                                   x(r.choice(CREGS)))]
        if kind == 13:
            return ["c.lw %s, %d(%s)" % (x(crd), 4 * r.randrange(32), x(r.choice([8, 9])))]
        if kind == 14:
            return ["c.sw %s, %d(%s)" % (x(r.choice(CREGS)), 4 * r.randrange(32),
                                         x(r.choice([8, 9])))]
        if kind == 15:
            return ["c.lwsp %s, %d(x2)" % (x(rd), 4 * r.randrange(64))]
        if kind == 16:
            return ["c.swsp %s, %d(x2)" % (x(self.rs()), 4 * r.randrange(64))]
        if kind == 17:
            return ["c.nop"]
        lab = self.label()
        blk.pending.append([r.randint(1, 3), lab, True])   # c.b* reach only +-256 bytes
        if kind == 18:
            return ["c.j %s" % lab]
        if kind == 19:
            return ["%s %s, %s" % (r.choice(["c.beqz", "c.bnez"]), x(r.choice(CREGS)), lab)]
        return ["la %s, %s" % (x(rd), lab), "c.jr %s" % x(rd)]

    def i_loop(self, ctx, blk=None):
        r = self.rng
        head = self.label()
        body = self.block(dict(ctx, loop_ok=False), r.randint(4, 16))
        back = r.choice(["bne x31, x0, %s", "blt x0, x31, %s", "bltu x0, x31, %s"])
        return (["li x31, %d" % r.randint(1, 4), head + ":"] + body.lines() +
                ["addi x31, x31, -1", back % head])

    # ---- structure ----------------------------------------------------------------------
