/* block_print.c — a block chip for a person to read: its steps, its columns
 * by name, each constraint as a formula over the column names, and each bus
 * interaction with its tuple and multiplicity.
 * Invariant: prints only; reads the chip's DAG as built (before finalize,
 * or after it: the LogUp constraints finalize adds are left out). */
#include <string.h>

/* The AIR's DAG (stark_int.h) names a stage count ST_N, as zk_int.h names the
 * store chip's width: renamed here, in the one file that reads both. */
#define ST_N STARK_ST_N
#include "stark_int.h"
#undef ST_N
#include "block_int.h"

static const char *bus_name(unsigned bus)
{
    switch (bus) {
    case BUS_EXEC: return "EXEC";
    case BUS_MEM: return "MEM";
    case BUS_R16: return "R16";
    case BUS_LOGIC: return "LOGIC";
    case BUS_POW: return "POW";
    default: return "bus?";
    }
}

static void print_const(FILE *f, gl_t v)
{
    if (v > GL_P / 2)
        fprintf(f, "-%llu", (unsigned long long)(GL_P - v));
    else if (v >= 4096)
        fprintf(f, "0x%llx", (unsigned long long)v);
    else
        fprintf(f, "%llu", (unsigned long long)v);
}

/* Infix, fully parenthesised below the top (depth > 0). */
static void print_expr(FILE *f, const block_chip *b, const air_chip *c, air_expr e, int depth)
{
    const air_node *n = &c->nodes[e];
    static const char *sym[] = {[AIR_OP_ADD] = " + ", [AIR_OP_SUB] = " - ", [AIR_OP_MUL] = "*"};
    switch ((air_op)n->op) {
    case AIR_OP_CONST: print_const(f, n->c); return;
    case AIR_OP_MAIN: fprintf(f, "%s%s", block_chip_col_name(b, n->a), n->next ? "'" : ""); return;
    case AIR_OP_NEG:
        fputs("-", f);
        print_expr(f, b, c, (air_expr)n->a, depth + 1);
        return;
    case AIR_OP_ADD: case AIR_OP_SUB: case AIR_OP_MUL:
        if (depth)
            fputs("(", f);
        print_expr(f, b, c, (air_expr)n->a, depth + 1);
        fputs(sym[n->op], f);
        print_expr(f, b, c, (air_expr)n->b, depth + 1);
        if (depth)
            fputs(")", f);
        return;
    default: fputs("?", f); return;
    }
}

static void print_steps(const block_chip *b, FILE *f)
{
    fprintf(f, "block %s: pc 0x%08x, %u steps, %u columns\n", b->name, b->pc, b->n_steps, b->n_cols);
    for (unsigned i = 0; i < b->n_steps; i++) {
        const zk_prow *p = &b->st[i].pr;
        fprintf(f, "  step %u  0x%08x  %-5s rd x%u rs1 x%u rs2 x%u imm 0x%x\n", i, p->pc,
                zk_op_name((zk_op)p->op), p->rd == ZK_SINK ? 0 : p->rd, p->rs1, p->rs2, p->imm);
    }
    fputs("register accesses (one each, at 4*ts + k):\n", f);
    for (unsigned j = 0; j < b->n_regs; j++) {
        const blk_reg *g = &b->reg[j];
        fprintf(f, "  x%u  k %u  %s%s\n", g->r, g->k, g->live_in ? "live-in" : "",
                g->written ? (g->live_in ? ", written" : "written") : "");
    }
    fputs("columns:", f);
    for (unsigned k = 0; k < b->n_cols; k++)
        fprintf(f, "%s%u %s", k % 8 ? "  " : "\n  ", k, b->col[k]);
    fputs("\n", f);
}

void block_chip_print(const block_chip *b, const air_chip *c, FILE *f)
{
    print_steps(b, f);
    if (!c)
        return;
    fputs("constraints (= 0 on every row):\n", f);
    for (size_t k = 0; k < c->n_cons; k++) {
        if (strstr(c->cons[k].name, "/logup/"))
            continue;
        fprintf(f, "  %s: ", strchr(c->cons[k].name, '/') + 1);
        print_expr(f, b, c, c->cons[k].e, 0);
        fputs("\n", f);
    }
    fputs("interactions:\n", f);
    for (size_t k = 0; k < c->n_inter; k++) {
        const air_inter *it = &c->inter[k];
        fprintf(f, "  %s %s (", it->send ? "send" : "recv", bus_name(it->bus));
        for (size_t j = 0; j < it->n_vals; j++) {
            if (j)
                fputs(", ", f);
            print_expr(f, b, c, it->vals[j], 1);
        }
        fputs(") x ", f);
        print_expr(f, b, c, it->mult, 1);
        fputs("\n", f);
    }
}
