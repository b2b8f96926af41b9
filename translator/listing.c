/* listing.c — `xlate --list`: each RISC-V instruction beside the uop it
 * became, grouped under the function symbols. Reads only the program (raw
 * words, slots, symbols), so it lists exactly what was translated. */
#include "xlate.h"

#include <string.h>

#include "rv32.h"

#ifdef HAVE_CAPSTONE_RISCV
#include <capstone/capstone.h>
#endif

typedef struct lister {
    FILE *f;
#ifdef HAVE_CAPSTONE_RISCV
    csh cs;
    int have_cs;
#endif
} lister;

/* The RISC-V side: capstone when built with it, else the decoder row name. */
static void riscv_text(lister *l, uint32_t raw, unsigned len, uint32_t pc, char *buf, size_t n)
{
#ifdef HAVE_CAPSTONE_RISCV
    if (l->have_cs) {
        uint8_t b[4] = {(uint8_t)raw, (uint8_t)(raw >> 8), (uint8_t)(raw >> 16), (uint8_t)(raw >> 24)};
        cs_insn *insn = NULL;
        if (cs_disasm(l->cs, b, len, pc, 1, &insn) == 1) {
            snprintf(buf, n, "%s %s", insn->mnemonic, insn->op_str);
            cs_free(insn, 1);
        } else {
            snprintf(buf, n, "(capstone: invalid)");
        }
        return;
    }
#else
    (void)l;
#endif
    /* Without capstone: the decoder's mnemonic and, for a decoded word, the
     * operands of the uop it expands to (for c.* forms, the expanded ones). */
    xl_insn in;
    xl_decode(raw, &in);
    if (in.row < 0 || in.len != len) {
        snprintf(buf, n, "(invalid)");
        return;
    }
    char ops[96] = "";
    if (in.status == XL_OK) {
        uisa_disasm(&in.u, pc, ops, sizeof ops);
        char *sp = strchr(ops, ' ');
        memmove(ops, sp ? sp : ops + strlen(ops), strlen(sp ? sp : "") + 1);
    }
    snprintf(buf, n, "%s%s%s", xl_rows[in.row].name, ops,
             in.status == XL_ILLEGAL ? " (reserved)" : "");
}

/* Prints the symbols that start at pc as headers. */
static void headers(lister *l, const uisa_program *p, uint32_t *k, uint32_t pc)
{
    while (*k < p->n_symbols && p->symbols[*k].addr < pc)
        (*k)++;
    for (; *k < p->n_symbols && p->symbols[*k].addr == pc; (*k)++)
        if (strncmp(p->symbols[*k].name, "__uvm_native.", 13) == 0)
            continue; /* a hint annotation (hints/uvm_hints.h), not a function */
        else if (p->symbols[*k].is_func || (*k == 0 || p->symbols[*k - 1].addr != pc))
            fprintf(l->f, "\n%08x <%s>:\n", pc, p->symbols[*k].name);
}

/* A block being listed: its head line names it, each step's line says which
 * step it is (the inner slots keep their own uops, which are the steps). */
typedef struct in_block {
    uint32_t end, k; /* pc after the block (0: none open), the next step */
} in_block;

static void line(lister *l, const uisa_program *p, uint32_t i, uint32_t pc, in_block *b)
{
    const uisa_uop *u = &p->slots[i];
    uint32_t raw = p->raw[i];
    char rv[208], uo[96], st[112] = "", bytes[16];
    unsigned len = u->len ? u->len : (1u << p->slot_shift);
    snprintf(bytes, sizeof bytes, len == 2 ? "%04x" : "%08x", raw);
    uisa_disasm(u, pc, uo, sizeof uo);
    riscv_text(l, raw, len, pc, rv, sizeof rv);
    if (pc >= b->end)
        b->end = 0;
    if (u->op == UOP_BLOCK) {
        const uisa_uop *s0 = uisa_slot_step(p, i);
        b->end = pc + u->len, b->k = 1;
        len = s0 ? s0->len : len;
        if (s0)
            uisa_disasm(s0, pc, st, sizeof st);
        fprintf(l->f, "  %08x:  %-8s  %-34s -> %s {\n  %8s   %-8s  %-34s    step 0: %s\n", pc,
                bytes, rv, uo, "", "", "", st);
        return;
    }
    if (b->end) {
        fprintf(l->f, "  %08x:  %-8s  %-34s    step %u: %s%s\n", pc, bytes, rv, b->k++, uo,
                pc + len >= b->end ? " }" : "");
        return;
    }
    fprintf(l->f, "  %08x:  %-8s  %-34s -> %s\n", pc, bytes, rv, uo);
}

int xl_list(const uisa_program *p, FILE *f)
{
    lister l = {.f = f};
#ifdef HAVE_CAPSTONE_RISCV
    l.have_cs = cs_open(CS_ARCH_RISCV, CS_MODE_RISCV32 | CS_MODE_RISCVC, &l.cs) == CS_ERR_OK;
#endif
    fprintf(f, "; uisa level %u, entry 0x%08x, code 0x%08x + %u slots of %u bytes\n", p->level,
            p->entry, p->code_base, p->n_slots, 1u << p->slot_shift);
    if (p->n_blocks)
        fprintf(f, "; %u blocks (docs/blocks.md): each BLOCK runs the steps listed under it\n",
                p->n_blocks);
    uint32_t k = 0;
    in_block blk = {0, 0};
    uint64_t next_pc = 0; /* the sweep's next instruction: slots before it are mid-instruction */
    for (uint32_t i = 0; i < p->n_slots; i++) {
        uint32_t pc = p->code_base + (i << p->slot_shift);
        const uisa_uop *u = &p->slots[i];
        if (pc < next_pc || (u->op == UOP_TRAP && u->imm == TRAP_MID_INSN))
            continue;
        headers(&l, p, &k, pc);
        if (u->op == UOP_TRAP && u->len == 0) { /* not code: collapse the gap */
            uint32_t j = i;
            while (j + 1 < p->n_slots && p->slots[j + 1].op == UOP_TRAP && p->slots[j + 1].len == 0)
                j++;
            fprintf(f, "  %08x:  ... %u bytes that are not code (trap illegal)\n", pc,
                    (j - i + 1) << p->slot_shift);
            i = j;
            continue;
        }
        if (u->op == UOP_TRAP && p->raw[i] == 0) { /* zero padding: one line per run */
            uint32_t j = i;
            while (j + 1 < p->n_slots && p->slots[j + 1].op == UOP_TRAP &&
                   p->slots[j + 1].len != 0 && p->raw[j + 1] == 0)
                j++;
            fprintf(f, "  %08x:  %-8s  %-34s -> trap illegal (%u bytes)\n", pc, "0000",
                    "(zero padding)", (j - i + 1) << p->slot_shift);
            i = j;
            continue;
        }
        line(&l, p, i, pc, &blk);
        next_pc = (uint64_t)pc + ((p->raw[i] & 3) == 3 ? 4 : 2);
    }
#ifdef HAVE_CAPSTONE_RISCV
    if (l.have_cs)
        cs_close(&l.cs);
#endif
    fflush(f);
    return ferror(f) ? -1 : 0;
}
