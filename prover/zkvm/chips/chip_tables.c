/* chip_tables.c — the fixed tables: program (the decoded program, one PROG
 * tuple per row), range16 (the 16-bit range and the byte-triple table in one
 * 2^16-row chip), bytes (a stub: its table is in range16) and pow2. Each has
 * fixed columns the verifier computes itself and one main column, the
 * multiplicity of its lookups, which the witness counts as the execution
 * chips look up (range16's two are merged in at the end, zk_wit.c).
 * Invariant: the fixed columns depend only on the program table. */
#include "zk_build.h"
#include "zk_wit_int.h"

enum { PROG_W = 7 + ZK_PROG_EXTRA }; /* (pc, op, rd, rs1, rs2, imm, npc, e...) */

static int prog_fixed(const void *ctx, unsigned log_n, gl_matrix *out, uvm_err *err)
{
    const zk_pub_ctx *p = ctx;
    if (log_n >= 32 || (1ull << log_n) != p->n_prog)
        return uvm_errf(err, "zkvm: program table has %u rows, proof says 2^%u", p->n_prog, log_n);
    if (gl_matrix_alloc(out, p->n_prog, PROG_W))
        return uvm_errf(err, "zkvm: out of memory for the program table");
    for (uint32_t i = 0; i < p->n_prog; i++) {
        const zk_prow *r = &p->prog[i];
        gl_t *o = &out->data[(size_t)i * PROG_W];
        o[0] = r->pc, o[1] = r->op, o[2] = r->rd, o[3] = r->rs1, o[4] = r->rs2, o[5] = r->imm,
        o[6] = r->npc;
        for (unsigned k = 0; k < ZK_PROG_EXTRA; k++)
            o[7 + k] = r->e[k];
    }
    return 0;
}

static void build_prog(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id;
    air_chip_set_fixed(c, prog_fixed, pub);
    air_expr v[PROG_W];
    for (unsigned i = 0; i < PROG_W; i++)
        v[i] = air_fixed(c, i);
    air_send(c, BUS_PROG, v, PROG_W, M(0));
}

/* range16 table: row i = (x, y, x & y) with (x, y) = (i & 255, i >> 8), so
 * i = x + 256*y is the range value of the row and (x, y, x & y) its byte triple. */
static int bytes_fixed(const void *ctx, unsigned log_n, gl_matrix *out, uvm_err *err)
{
    (void)ctx;
    if (log_n != 16)
        return uvm_errf(err, "zkvm: range table needs 2^16 rows, proof says 2^%u", log_n);
    if (gl_matrix_alloc(out, 1u << 16, 3))
        return uvm_errf(err, "zkvm: out of memory for the range table");
    for (uint32_t i = 0; i < 1u << 16; i++) {
        uint32_t x = i & 255, y = i >> 8;
        gl_t *o = &out->data[(size_t)i * 3];
        o[0] = x, o[1] = y, o[2] = x & y;
    }
    return 0;
}

/* the 16-bit range and the bytes table share one 2^16-row chip: R16 sends
 * v = x + 256*y (each of 0..2^16-1 once), LOGIC (x, y, x AND y) */
static void build_range(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id, (void)pub;
    air_chip_set_fixed(c, bytes_fixed, NULL);
    air_expr t[3] = {air_fixed(c, 0), air_fixed(c, 1), air_fixed(c, 2)};
    air_expr v = ADD(t[0], SC(t[1], 256));
    air_send(c, BUS_R16, &v, 1, M(0));
    air_send(c, BUS_LOGIC, t, 3, M(1));
}

static int pow_fixed(const void *ctx, unsigned log_n, gl_matrix *out, uvm_err *err)
{
    (void)ctx;
    if (log_n != 5)
        return uvm_errf(err, "zkvm: pow2 table needs 2^5 rows, proof says 2^%u", log_n);
    if (gl_matrix_alloc(out, 32, 3))
        return uvm_errf(err, "zkvm: out of memory for the pow2 table");
    for (uint32_t i = 0; i < 32; i++)
        out->data[3 * i] = i, out->data[3 * i + 1] = 1ull << i, out->data[3 * i + 2] = 0x80000000u >> i;
    return 0;
}

static void build_pow(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id, (void)pub;
    air_chip_set_fixed(c, pow_fixed, NULL);
    air_expr t[3] = {air_fixed(c, 0), air_fixed(c, 1), air_fixed(c, 2)};
    air_send(c, BUS_POW, t, 3, M(0));
}

/* The multiplicity column of a table of `rows` rows (all used). */
static int alloc_mult(zk_witness *w, zk_chip c, uint64_t rows, uvm_err *err)
{
    w->rows[c] = rows;
    if (gl_matrix_alloc(&w->tr[c], rows, 1))
        return uvm_errf(err, "zkvm: out of memory for the %s trace", zk_chips[c]->name);
    return 0;
}

static int alloc_prog(zk_witness *w, zk_chip c, const zk_prow *prog, uint32_t n_prog, uvm_err *err)
{
    (void)prog;
    return alloc_mult(w, c, n_prog, err);
}

static int alloc_range(zk_witness *w, zk_chip c, const zk_prow *prog, uint32_t n_prog,
                       uvm_err *err)
{
    (void)prog, (void)n_prog;
    return alloc_mult(w, c, 1u << ZK_RANGE_LOG, err);
}

static int alloc_pow(zk_witness *w, zk_chip c, const zk_prow *prog, uint32_t n_prog, uvm_err *err)
{
    (void)prog, (void)n_prog;
    return alloc_mult(w, c, 32, err);
}

static int never(const zk_prow *prog, uint32_t n_prog) { (void)prog, (void)n_prog; return 0; }

const zk_chip_desc zk_chip_prog = {
    .name = "program", .n_main = 1, .n_fixed = PROG_W, .build = build_prog, .alloc = alloc_prog,
};
const zk_chip_desc zk_chip_range = {
    .name = "range16", .n_main = 2, .n_fixed = 3, .build = build_range, .alloc = alloc_range,
};
/* Always a stub (the bytes table is in range16); its trace counts the LOGIC
 * lookups until zk_wit.c merges them into range16. */
const zk_chip_desc zk_chip_bytes = {
    .name = "bytes", .n_main = 1, .present = never, .alloc = alloc_range,
};
const zk_chip_desc zk_chip_pow = {
    .name = "pow2", .n_main = 1, .n_fixed = 3, .build = build_pow, .alloc = alloc_pow,
};
