/* suggest.c — hint discovery (xlate --suggest-hints): finds the data tables that
 * identify Keccak-f[1600] and SHA-256 (their constants), then the functions whose
 * code forms those tables' addresses; memcpy/memset/memmove by symbol name, and
 * small byte loops by shape (memcpy: one byte load and store; memset: one store).
 * Heuristic by nature: every suggestion still goes through --check-hints. */
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

/* Does the code of [start, end) form an address in [lo, hi)? Follows
 * lui/auipc then addi (chains) and loads/stores off such a base, in a linear
 * walk: a register's known value dies when anything else writes it. */
static int refers_to(const uisa_program *p, uint32_t start, uint32_t end, uint32_t lo, uint32_t hi)
{
    uint32_t val[32];
    uint32_t known = 0; /* bit r: val[r] holds a formed address */
    const uint32_t step = 1u << p->slot_shift;
    for (uint32_t pc = start; pc < end; pc += step) {
        const uisa_uop *u = uisa_slot(p, pc);
        if (!u)
            break;
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
    const uint32_t step = 1u << p->slot_shift;
    if (s->size > 64)
        return HINT_COUNT;
    int loads = 0, stores = 0, back = 0, other = 0;
    for (uint32_t pc = s->addr; pc < s->addr + s->size; pc += step) {
        const uisa_uop *u = uisa_slot(p, pc);
        if (!u)
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

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

int xl_suggest_hints(const uisa_program *p, const char *elf_name, FILE *f, uvm_err *err)
{
    static const hint_op by_name[] = {HINT_MEMCPY, HINT_MEMSET, HINT_MEMMOVE};
    cand *v = NULL;
    uint32_t n = 0;
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
    qsort(v, n, sizeof *v, cmp_cand);
    fprintf(f, "# native-op hints suggested by xlate --suggest-hints for %s\n"
               "# format: OP TARGET (symbol or 0xADDRESS); check with xlate --native --check-hints\n",
            elf_name ? elf_name : "<elf>");
    for (uint32_t i = 0; i < n; i++)
        fprintf(f, "%-16s %-24s # 0x%08x: %s\n", hint_ops[v[i].op].name, v[i].sym, v[i].addr, v[i].why);
    free(v);
    if (fflush(f) || ferror(f))
        return uvm_errf(err, "error writing the suggested hints");
    return (int)n;
}
