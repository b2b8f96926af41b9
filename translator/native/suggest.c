/* suggest.c — hint discovery (xlate --suggest-hints). Two sources of candidates:
 * rules (the functions whose code forms the address of the Keccak round constants
 * or the SHA-256 K table; memcpy/memset/memmove by symbol name; small byte loops by
 * shape) and behaviour (every function of the symbol table against every native
 * op, pruned by cheap static filters). Invariant: a hint line is printed only for
 * a candidate the caller's check (the hint checker's own trials) accepted, so the
 * output never holds a hint that -O2 would refuse, nor one whose op the prover
 * cannot prove (those become comments); rejected rule candidates become comment
 * lines with the reason. Output depends only on the ELF. */
#include <stdlib.h>
#include <string.h>

#include "hints.h"
#include "native.h"

typedef struct table_sig {
    hint_op op;
    const char *what;
    uint8_t head[16];  /* the first bytes of the table, little-endian as stored */
    uint32_t head_len, size;
} table_sig;

/* Keccak round constants RC[0], RC[1] = 1, 0x8082 as u64; SHA-256 K[0..3]. */
static const table_sig sigs[] = {
    {HINT_KECCAK_F1600, "Keccak round constants",
     {1, 0, 0, 0, 0, 0, 0, 0, 0x82, 0x80, 0, 0, 0, 0, 0, 0}, 16, 24 * 8},
    {HINT_SHA256_COMPRESS, "SHA-256 K constants",
     {0x98, 0x2f, 0x8a, 0x42, 0x91, 0x44, 0x37, 0x71, 0xcf, 0xfb, 0xc0, 0xb5, 0xa5, 0xdb, 0xb5, 0xe9},
     16, 64 * 4},
};

typedef struct cand {
    uint32_t addr;
    hint_op op;
    const char *sym;
    const char *why;
} cand;

/* The address of the instruction after u at pc. Walks step by instruction length:
 * with 2-byte slots (RVC) the middle slot of a 4-byte instruction holds a decoding
 * of its upper half, which is not code of the body. */
static uint32_t next_insn(const uisa_program *p, uint32_t pc, const uisa_uop *u)
{
    const uint32_t step = 1u << p->slot_shift;
    return pc + (u->len > step ? u->len : step);
}

/* Does the code of [start, end) form an address in [lo, hi)? Follows
 * lui/auipc then addi (chains) and loads/stores off such a base, in a linear
 * walk: a register's known value dies when anything else writes it. */
static int refers_to(const uisa_program *p, uint32_t start, uint32_t end, uint32_t lo, uint32_t hi)
{
    uint32_t val[32];
    uint32_t known = 0; /* bit r: val[r] holds a formed address */
    const uisa_uop *u;
    for (uint32_t pc = start; pc < end && (u = uisa_slot(p, pc)); pc = next_insn(p, pc, u)) {
        uint32_t a = 0;
        int formed = 0, writes_rd = 1, is_addr = 0; /* lui/auipc alone form only the high part */
        switch (u->op) {
        case UOP_LUI: a = (uint32_t)u->imm, formed = 1; break;
        case UOP_AUIPC: a = pc + (uint32_t)u->imm, formed = 1; break;
        case UOP_ADDI:
            if (known >> u->rs1 & 1)
                a = val[u->rs1] + (uint32_t)u->imm, formed = is_addr = 1;
            break;
        case UOP_LB: case UOP_LH: case UOP_LW: case UOP_LBU: case UOP_LHU:
            if ((known >> u->rs1 & 1) && val[u->rs1] + (uint32_t)u->imm - lo < hi - lo)
                return 1;
            break;
        case UOP_SB: case UOP_SH: case UOP_SW: case UOP_TRAP:
        case UOP_BEQ: case UOP_BNE: case UOP_BLT: case UOP_BGE: case UOP_BLTU: case UOP_BGEU:
            writes_rd = 0;
            break;
        default: break;
        }
        if (is_addr && a - lo < hi - lo)
            return 1;
        if (writes_rd && u->rd) {
            known &= ~(1u << u->rd);
            if (formed)
                val[u->rd] = a, known |= 1u << u->rd;
        }
    }
    return 0;
}

/* A printable name for the function at addr (not one of our annotation aliases). */
static const uisa_symbol *func_at(const uisa_program *p, uint32_t i)
{
    const uisa_symbol *s = &p->symbols[i];
    if (!s->is_func || !s->size || !strncmp(s->name, XL_NATIVE_SYM_PREFIX, strlen(XL_NATIVE_SYM_PREFIX)))
        return NULL;
    return s;
}

static int add(cand **v, uint32_t *n, uint32_t addr, hint_op op, const char *sym, const char *why)
{
    for (uint32_t i = 0; i < *n; i++)
        if ((*v)[i].addr == addr)
            return 0;
    cand *w = realloc(*v, (*n + 1) * sizeof *w);
    if (!w)
        return -1;
    *v = w;
    w[(*n)++] = (cand){addr, op, sym, why};
    return 0;
}

static int find_tables(const uisa_program *p, cand **v, uint32_t *n)
{
    for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++) {
        const table_sig *t = &sigs[k];
        for (uint32_t g = 0; g < p->n_segments; g++) {
            const uisa_segment *sg = &p->segments[g];
            for (uint32_t off = 0; off + t->head_len <= sg->filesz; off += 4) {
                if (memcmp(sg->data + off, t->head, t->head_len))
                    continue;
                uint32_t lo = sg->vaddr + off, hi = lo + t->size;
                for (uint32_t i = 0; i < p->n_symbols; i++) {
                    const uisa_symbol *s = func_at(p, i);
                    if (s && refers_to(p, s->addr, s->addr + s->size, lo, hi) &&
                        add(v, n, s->addr, t->op, s->name, t->what))
                        return -1;
                }
            }
        }
    }
    return 0;
}

/* Shape of a small byte loop: no calls, no ecall, no word accesses, one backward
 * branch; one byte store and one byte load is memcpy's shape, one byte store
 * alone memset's. Returns the op or HINT_COUNT. */
static hint_op byte_loop_shape(const uisa_program *p, const uisa_symbol *s)
{
    if (s->size > 64)
        return HINT_COUNT;
    int loads = 0, stores = 0, back = 0, other = 0;
    const uisa_uop *u;
    for (uint32_t pc = s->addr; pc - s->addr < s->size; pc = next_insn(p, pc, u)) {
        if (!(u = uisa_slot(p, pc)))
            return HINT_COUNT;
        switch (u->op) {
        case UOP_LB: case UOP_LBU: loads++; break;
        case UOP_SB: stores++; break;
        case UOP_BEQ: case UOP_BNE: case UOP_BLT: case UOP_BGE: case UOP_BLTU: case UOP_BGEU:
            back += u->imm < 0;
            break;
        case UOP_JAL: other += u->rd != 0; break;
        case UOP_JALR: other += u->rd != 0 || u->rs1 != 1; break; /* only ret */
        case UOP_LH: case UOP_LHU: case UOP_LW: case UOP_SH: case UOP_SW: case UOP_ECALL:
        case UOP_EBREAK:
            other++;
            break;
        default: break;
        }
    }
    if (other || back != 1 || stores != 1)
        return HINT_COUNT;
    return loads == 1 ? HINT_MEMCPY : loads == 0 ? HINT_MEMSET : HINT_COUNT;
}

/* What the static scan of a function body [addr, addr + size) saw. */
typedef struct body_facts {
    int leaf;           /* no call, no indirect jump but `ret`, no jump out of the body */
    int loads, stores;
    uint32_t reads;     /* bit r: some uop names x_r as rs1 or rs2 */
    uint32_t dead_in;   /* bit r: in address order, x_r is written before anything reads it
                         * (so its value at entry is not an argument) */
} body_facts;

static body_facts scan_body(const uisa_program *p, const uisa_symbol *s)
{
    body_facts b = {.leaf = 1};
    uint32_t written = 0;
    const uisa_uop *u;
    for (uint32_t pc = s->addr; pc - s->addr < s->size && (u = uisa_slot(p, pc)); pc = next_insn(p, pc, u)) {
        uint32_t r = 1u << (u->rs1 & 31) | 1u << (u->rs2 & 31);
        b.reads |= r;
        if (uisa_ops[u->op].fmt != FMT_S && uisa_ops[u->op].fmt != FMT_B && u->rd) {
            b.dead_in |= 1u << u->rd & ~b.reads & ~written;
            written |= 1u << u->rd;
        }
        switch (u->op) {
        case UOP_LB: case UOP_LBU: case UOP_LH: case UOP_LHU: case UOP_LW: b.loads++; break;
        case UOP_SB: case UOP_SH: case UOP_SW: b.stores++; break;
        case UOP_JAL:
            if (u->rd || pc + (uint32_t)u->imm - s->addr >= s->size)
                b.leaf = 0;
            break;
        case UOP_JALR:
            if (u->rd || u->rs1 != 1)
                b.leaf = 0;
            break;
        default:
            if (u->op >= UOP_COUNT || uisa_ops[u->op].tier != TIER_BASE)
                b.leaf = 0; /* a native op or a fused uop: make no claim */
            break;
        }
    }
    return b;
}

/* The cheap filter before any trial: a leaf function can be op only if it stores
 * (every op writes memory), loads (every op but memset reads memory) and reads
 * each of op's argument registers (ops_native.def ARGS), since the op's result
 * depends on every one of them. A non-leaf function passes (its callees may do
 * the work). 1 if worth a trial. */
static int may_be(const body_facts *b, hint_op op)
{
    const uisa_op_info *oi = &uisa_ops[hint_ops[op].uop];
    if (oi->max_limbs) { /* tried at every limb count: no argument may be dead at entry */
        for (unsigned i = 0; i < oi->n_args; i++)
            if (b->dead_in >> oi->args[i] & 1)
                return 0;
    }
    if (!b->leaf)
        return 1;
    if (!b->stores || (!b->loads && hint_ops[op].uop != UOP_MEMSET))
        return 0;
    for (unsigned i = 0; i < oi->n_args; i++)
        if (!(b->reads >> oi->args[i] & 1))
            return 0;
    return 1;
}

/* Does the hints file target `name` resolve to addr? (native.c find_symbol takes
 * the first function symbol of that name.) */
static int name_resolves(const uisa_program *p, const char *name, uint32_t addr)
{
    for (uint32_t i = 0; i < p->n_symbols; i++)
        if (p->symbols[i].is_func && !strcmp(p->symbols[i].name, name))
            return p->symbols[i].addr == addr;
    return 0;
}

static const cand *rule_for(const cand *v, uint32_t n, uint32_t addr, hint_op op)
{
    for (uint32_t i = 0; i < n; i++)
        if (v[i].addr == addr && v[i].op == op)
            return &v[i];
    return NULL;
}

int xl_suggest_hints(const uisa_program *p, const char *elf_name, xl_hint_check_fn check,
                     void *ctx, FILE *f, uvm_err *err)
{
    static const hint_op by_name[] = {HINT_MEMCPY, HINT_MEMSET, HINT_MEMMOVE};
    cand *v = NULL;
    uint32_t n = 0, n_funcs = 0;
    int rc = find_tables(p, &v, &n);
    for (uint32_t i = 0; !rc && i < p->n_symbols; i++) {
        const uisa_symbol *s = func_at(p, i);
        for (size_t k = 0; s && !rc && k < sizeof by_name / sizeof by_name[0]; k++)
            if (!strcmp(s->name, hint_ops[by_name[k]].name))
                rc = add(&v, &n, s->addr, by_name[k], s->name, "libc symbol name");
    }
    for (uint32_t i = 0; !rc && i < p->n_symbols; i++) {
        const uisa_symbol *s = func_at(p, i);
        hint_op op = s ? byte_loop_shape(p, s) : HINT_COUNT;
        if (op != HINT_COUNT)
            rc = add(&v, &n, s->addr, op, s->name, "byte-loop shape");
    }
    if (rc) {
        free(v);
        return uvm_errf(err, "out of memory");
    }
    for (uint32_t i = 0, seen = 0, at = 0; i < p->n_symbols; i++)
        if (func_at(p, i) && (!seen || p->symbols[i].addr != at))
            n_funcs++, seen = 1, at = p->symbols[i].addr;
    fprintf(f, "# native-op hints suggested by xlate --suggest-hints for %s\n"
               "# format: OP TARGET (symbol or 0xADDRESS); each hint below passed the hint check\n"
               "# (xlate --native --check-hints); %u functions tried against %d native ops\n",
            elf_name ? elf_name : "<elf>", n_funcs, (int)HINT_COUNT);
    if (!n_funcs)
        fputs("# no function symbols (a stripped ELF?): nothing to try; the hint check also\n"
              "# needs them (its harness goes over `main` or another function)\n", f);
    int found = 0;
    uint32_t tried = 0, pruned_pairs = 0;
    /* symbols are sorted by address (elfsyms.c), so the output is too; one
     * function per address: the first symbol there */
    int any = 0;
    uint32_t last = 0;
    for (uint32_t i = 0; i < p->n_symbols; i++) {
        const uisa_symbol *s = func_at(p, i);
        if (!s || (any && s->addr == last))
            continue;
        any = 1, last = s->addr;
        char target[64];
        if (name_resolves(p, s->name, s->addr) && strlen(s->name) < sizeof target)
            snprintf(target, sizeof target, "%s", s->name);
        else
            snprintf(target, sizeof target, "0x%08x", s->addr);
        body_facts b = scan_body(p, s);
        char taken[40] = "";
        for (int k = 0; k < HINT_COUNT; k++) {
            const cand *r = rule_for(v, n, s->addr, (hint_op)k);
            int pruned = !may_be(&b, (hint_op)k);
            if (!r && pruned) {
                pruned_pairs++;
                continue;
            }
            tried++;
            uvm_err why = {{0}};
            int32_t limbs = 0; /* a sized op's count: the checker finds it */
            if (check(ctx, s->addr, hint_ops[k].uop, &limbs, r != NULL, &why)) {
                if (r)
                    fprintf(f, "# %s 0x%08x (%s): %s\n", hint_ops[k].name, s->addr, s->name,
                            why.msg);
                continue;
            }
            char text[40];
            xl_native_text(hint_ops[k].uop, limbs, text, sizeof text);
            const char *unprovable = uisa_ops[hint_ops[k].uop].unprovable;
            if (unprovable) { /* agrees, but -O2 must not emit what prove refuses */
                fprintf(f, "# %s %s # 0x%08x: behaviour agrees; not suggested: %s\n", text, target,
                        s->addr, unprovable);
                continue;
            }
            if (taken[0]) { /* one op per address: the first that agrees */
                fprintf(f, "# %s 0x%08x (%s): also agrees, but %s was taken\n", text, s->addr,
                        s->name, taken);
                continue;
            }
            snprintf(taken, sizeof taken, "%s", text);
            found++;
            fprintf(f, "%-16s %-24s # 0x%08x: %s%s\n", text, target, s->addr,
                    r ? r->why : "behaviour",
                    !r ? " (no rule matched)" : pruned ? " (the cheap filters would prune it)"
                                                       : " and behaviour");
        }
    }
    free(v);
    fprintf(f, "# %d hint%s; %u (function, op) pairs tried, %u pruned by the static filters\n",
            found, found == 1 ? "" : "s", tried, pruned_pairs);
    if (fflush(f) || ferror(f))
        return uvm_errf(err, "error writing the suggested hints");
    return found;
}
