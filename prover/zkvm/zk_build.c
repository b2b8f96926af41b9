/* zk_build.c — constraint pieces every execution chip shares: booleans,
 * 16-bit range lookups, one memory access of the offline memory argument,
 * the common columns/buses of a row, and the sign-flip comparator operand. */
#include "zk_build.h"

air_expr zk_bool(air_chip *c, const char *name, air_expr x)
{
    air_constrain(c, AIR_ALL_ROWS, name, MUL(x, SUB(x, K(1))));
    return x;
}

void zk_r16(air_chip *c, unsigned col)
{
    air_expr v = M(col);
    air_receive(c, BUS_R16, &v, 1, K(1)); /* every row, padding too: counted by the witness */
}

/* One memory access: receive (key, old, prev_ts), send (key, new, 4*ts + k),
 * and prove prev_ts < 4*ts + k by two R16 limbs la, lb. */
void zk_mem_access(air_chip *c, const char *name, air_expr real, air_expr key, air_expr old,
                       air_expr prev_ts, air_expr val, unsigned k, unsigned la, unsigned lb)
{
    air_expr now = ADD(SC(M(C_TS), 4), K(k));
    air_expr diff = SUB(SUB(SUB(now, prev_ts), K(1)), ADD(M(la), SC(M(lb), 1u << 16)));
    air_constrain(c, AIR_ALL_ROWS, name, MUL(real, diff));
    zk_r16(c, la);
    zk_r16(c, lb);
    air_expr rv[3] = {key, old, prev_ts}, sv[3] = {key, val, now};
    air_receive(c, BUS_MEM, rv, 3, real);
    air_send(c, BUS_MEM, sv, 3, real);
}

void zk_and(air_chip *c, air_expr x, air_expr y, air_expr z, air_expr mult)
{
    air_expr t[3] = {x, y, z};
    air_receive(c, BUS_LOGIC, t, 3, mult);
}

void zk_byte(air_chip *c, air_expr b, air_expr mult) { zk_and(c, b, b, b, mult); }

unsigned zk_r16_list(zk_chip ch, const unsigned *k, unsigned n, unsigned *cols)
{
    for (unsigned i = 0; i < n; i++)
        cols[i] = zk_spec(ch, k[i]);
    return n;
}

air_expr zk_ro_key(air_chip *c, air_expr key, unsigned tcol)
{
    return ADD(key, SC(zk_bool(c, "ro_tag_bool", M(tcol)), ZK_RO_TAG));
}

air_expr zk_reg_key(air_chip *c, unsigned col) { return ADD(M(col), K(ZK_KEY_REG(0))); }

/* The columns and interactions every execution chip shares. Returns `real`
 * (the sum of the op selectors, boolean). next: the pc after this uop, or a
 * negative expr for a chip that ends the run (no EXEC send). */
air_expr zk_common(air_chip *c, zk_chip id, air_expr next, int ends)
{
    static const unsigned sub[3] = {1, 2, 4};
    return zk_common_ext(c, id, next, ends, NULL, 0, 1, sub);
}

air_expr zk_common_ext(air_chip *c, zk_chip id, air_expr next, int ends, const air_expr *extra,
                       unsigned n_extra, unsigned ts_step, const unsigned sub[3])
{
    const zk_chip_desc *ci = zk_chips[id];
    air_expr real = K(0), op = K(0);
    for (unsigned i = 0; i < ci->n_ops; i++) {
        air_expr s = zk_bool(c, "sel_bool", M(zk_base(id) + i));
        real = ADD(real, s);
        op = ADD(op, SC(s, ci->prog_op ? ci->prog_op[i] : zk_chip_op(id, i)));
    }
    zk_bool(c, "real_bool", real);
    air_expr rd = ci->no_rd ? K(ZK_SINK) : M(C_RD), rs2 = ci->no_rs2 ? K(0) : M(zk_col(id, C_RS2));
    air_expr pv[7 + ZK_PROG_EXTRA] = {M(C_PC), op, rd, M(C_RS1), rs2, M(C_IMM), M(C_NPC)};
    for (unsigned i = 0; i < n_extra && i < ZK_PROG_EXTRA; i++)
        pv[7 + i] = extra[i];
    air_receive(c, BUS_PROG, pv, 7 + n_extra, real);
    air_expr ein[2] = {M(C_PC), M(C_TS)};
    air_receive(c, BUS_EXEC, ein, 2, real);
    if (!ends) {
        air_expr eout[2] = {next, ADD(M(C_TS), K(ts_step))};
        air_send(c, BUS_EXEC, eout, 2, real);
    }
    zk_mem_access(c, "rs1_ts", real, zk_reg_key(c, C_RS1), M(C_V1), M(C_T1), M(C_V1), sub[0], C_L1A, C_L1B);
    if (!ci->no_rs2) {
        unsigned v2 = zk_col(id, C_V2);
        zk_mem_access(c, "rs2_ts", real, zk_reg_key(c, zk_col(id, C_RS2)), M(v2),
                      M(zk_col(id, C_T2)), M(v2), sub[1], zk_col(id, C_L2A), zk_col(id, C_L2B));
    }
    if (!ci->no_rd)
        zk_mem_access(c, "rd_ts", real, zk_reg_key(c, C_RD), M(C_VDO), M(C_TDO), M(C_VD), sub[2],
                      C_L3A, C_L3B);
    return real;
}

air_expr zk_v2(air_chip *c, zk_chip id)
{
    return zk_chips[id]->no_rs2 ? K(0) : M(zk_col(id, C_V2));
}

air_expr zk_sel(air_chip *c, zk_chip id, zk_op op) { return M(zk_base(id) + zk_op_sel(op)); }

/* v' = v + sg*2^31 - 2^32*m in [0, 2^32) by two limbs: for signed compares m
 * is the sign bit (v' = v xor 2^31); for unsigned ones m is forced to 0. */
air_expr zk_flip(air_chip *c, air_expr v, air_expr sg, unsigned m, unsigned lo, unsigned hi,
                     const char *name)
{
    zk_bool(c, "msb_bool", M(m));
    air_expr vf = ADD(M(lo), SC(M(hi), 1u << 16));
    air_expr want = SUB(ADD(v, SC(sg, 1u << 31)), SC(M(m), ZK_TWO32));
    air_constrain(c, AIR_ALL_ROWS, name, SUB(vf, want));
    zk_r16(c, lo);
    zk_r16(c, hi);
    return vf;
}

air_expr zk_ret_next(air_chip *c, unsigned ql, unsigned qh)
{
    return SC(ADD(M(ql), SC(M(qh), 1u << 16)), 2);
}

void zk_ret_limbs(air_chip *c, unsigned ql, unsigned qh)
{
    zk_r16(c, ql);
    air_expr qh2 = SC(M(qh), 2);
    air_receive(c, BUS_R16, &qh2, 1, K(1));
}

void zk_ret_split(air_chip *c, const char *name, unsigned b0, unsigned ra, air_expr next)
{
    zk_bool(c, name, M(b0));
    air_constrain(c, AIR_ALL_ROWS, "ret_split", SUB(M(ra), ADD(M(b0), next)));
}
