/* zkt_adv.c — the programs of the adversarial suite (zkt_adv.h): the
 * hand-built subjects and the corpus one, the honest look at each, and the
 * metamorphic pair generator. Invariant: a subject is rebuilt identically on
 * every call (hand-built code and the translator are deterministic), so the
 * prover's copy differs from the verifier's only where a mutant changes it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlate.h"
#include "zk_wit.h"
#include "zkt_adv.h"
#include "zkt_mem.h"
#include "zkt_native.h"

uint64_t adv_rnd(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static vmt *mk_muldiv(void)
{
    static const uint32_t v[] = {0xfffffff9u, 7, 0x80000000u};
    return zkt_muldiv(v, 3);
}
static vmt *mk_cross(void) { return zkt_fused_cross(1); }
static vmt *mk_half(void)
{
    static const zkt_mop m[] = {{UOP_SH, -3, 0x8001f00du}, {UOP_LHU, -3, 0}, {UOP_LH, -2, 0},
                                {UOP_LW, 1, 0}, {UOP_SW, 6, 0x8a7b6c5du}, {UOP_LH, 3, 0}};
    uint32_t want;
    return zkt_mem_prog(m, sizeof m / sizeof m[0], &want);
}
static vmt *mk_keccak(void) { return zkt_keccak(1, 8); }

/* What each covers: the base ALU chips, branches (taken and not), byte and
 * halfword loads/stores incl. word-crossing (lsx), mul/div, syscalls with
 * io (write/read/brk, with an input), fused -O1 rows, natives; and a compiled
 * corpus program (gcc, -O0, its small input) when the corpus directory is
 * given (argv[1]). */
const adv_subject adv_subjects[ADV_N_SUBJ] = {
    {"sum", zkt_sum, NULL},       {"branches", zkt_branches, NULL}, {"bytes", zkt_bytes, NULL},
    {"lt", zkt_lt, NULL},         {"logic", zkt_logic, NULL},       {"shift", zkt_shift, NULL},
    {"io", zkt_io, ZKT_IO_INPUT}, {"muldiv", mk_muldiv, NULL},      {"fused", zkt_fused, NULL},
    {"cross", mk_cross, NULL},    {"half", mk_half, NULL},          {"memset", zkt_memset, NULL},
    {"keccak", mk_keccak, NULL},  {"fib", NULL, NULL},
};
const char *adv_corpus_dir;

void adv_fatal(const char *what, const char *msg)
{
    fprintf(stderr, "test_zk_adversarial: %s: %s\n", what, msg);
    exit(2);
}


static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    long n = -1;
    if (f && !fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 && !fseek(f, 0, SEEK_SET) &&
        (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (f)
        fclose(f);
    if (!buf)
        adv_fatal(path, "cannot read");
    *len = (size_t)n;
    return buf;
}

adv_prog adv_prog_make(unsigned s) { return adv_prog_level(s, 0); }

adv_prog adv_prog_level(unsigned s, int level)
{
    adv_prog h = {0};
    if (adv_subjects[s].make) {
        if (!(h.t = adv_subjects[s].make()))
            adv_fatal(adv_subjects[s].name, "no program");
        vmt_finish(h.t);
        h.p = &h.t->p;
        return h;
    }
    char path[4096];
    size_t len;
    snprintf(path, sizeof path, "%s/%s.gcc.elf", adv_corpus_dir, adv_subjects[s].name);
    uint8_t *elf = read_file(path, &len);
    xl_options xo = {.name = adv_subjects[s].name, .level = level, .fuse = level > 0};
    uvm_err err = {{0}};
    if (!(h.own = calloc(1, sizeof *h.own)) || xl_translate(elf, len, &xo, h.own, &err))
        adv_fatal(path, h.own ? err.msg : "out of memory");
    free(elf);
    h.p = h.own;
    return h;
}

void adv_prog_free(adv_prog *h)
{
    if (h->t)
        vmt_free(h->t);
    if (h->own)
        uisa_program_free(h->own);
    free(h->own);
    h->p = NULL;
}

static adv_info infos[ADV_N_SUBJ];

adv_info *adv_info_get(unsigned s)
{
    adv_info *in = &infos[s];
    if (in->ok)
        return in;
    uvm_err err = {{0}};
    in->h = adv_prog_make(s);
    if (adv_subjects[s].make) {
        in->input = (const uint8_t *)adv_subjects[s].input;
        in->input_len = in->input ? strlen(adv_subjects[s].input) : 0;
    } else {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.small.in", adv_corpus_dir, adv_subjects[s].name);
        in->input = in->input_buf = read_file(path, &in->input_len);
    }
    const uisa_program *p = in->h.p;
    vm_config cfg = {.input = in->input, .input_len = in->input_len};
    vm_result res;
    zk_witness w;
    if (zk_prog_build(p, &in->prog, &in->n_prog, &err) ||
        vm_trace_run(p, &cfg, 1u << 22, &in->tr, &res, &err))
        adv_fatal(adv_subjects[s].name, err.msg);
    if (res.stop != VM_STOP_EXIT)
        adv_fatal(adv_subjects[s].name, "does not exit");
    if (zk_witness_build(p, in->prog, in->n_prog, &in->tr, cfg.input, cfg.input_len, NULL, 1,
                         0, 0, &w, &err))
        adv_fatal(adv_subjects[s].name, err.msg);
    memcpy(in->rows, w.rows, sizeof in->rows);
    zk_witness_free(&w);
    if (!(in->ran = calloc(p->n_slots, 1)))
        adv_fatal(adv_subjects[s].name, "out of memory");
    for (uint64_t i = 0; i < in->tr.n; i++)
        in->ran[in->tr.rec[i].slot] = 1;
    in->ok = 1;
    return in;
}

/* A random straight-line program over t0..t6 (x5..x7, x28..x31 minus the
 * scratch x30, x31): ALU ops on seeded values, then the words stored,
 * written to fd 1 and folded into the exit code. rewrite = 1 emits each op
 * as an equivalent sequence through the scratch registers instead. */
static const int regs[] = {5, 6, 7, 28, 29, 8, 9};
enum { N_REGS = sizeof regs / sizeof regs[0], SCR1 = 31, SCR2 = 30 };

static void emit(vmt *t, int rewrite, uisa_op op, int rd, int a, int b, int32_t imm)
{
    if (!rewrite) {
        vmt_op(t, op, rd, a, b, imm);
        return;
    }
    switch (op) {
    case UOP_ADD: /* a - (0 - b) */
        vmt_op(t, UOP_SUB, SCR1, X_ZERO, b, 0);
        vmt_op(t, UOP_SUB, rd, a, SCR1, 0);
        break;
    case UOP_SUB: /* a + ~b + 1 */
        vmt_op(t, UOP_XORI, SCR1, b, 0, -1);
        vmt_op(t, UOP_ADD, SCR1, a, SCR1, 0);
        vmt_op(t, UOP_ADDI, rd, SCR1, 0, 1);
        break;
    case UOP_XOR: /* (a | b) - (a & b) */
        vmt_op(t, UOP_OR, SCR1, a, b, 0);
        vmt_op(t, UOP_AND, SCR2, a, b, 0);
        vmt_op(t, UOP_SUB, rd, SCR1, SCR2, 0);
        break;
    case UOP_AND: /* (a | b) - (a ^ b) */
        vmt_op(t, UOP_OR, SCR1, a, b, 0);
        vmt_op(t, UOP_XOR, SCR2, a, b, 0);
        vmt_op(t, UOP_SUB, rd, SCR1, SCR2, 0);
        break;
    case UOP_OR: /* (a ^ b) + (a & b) */
        vmt_op(t, UOP_XOR, SCR1, a, b, 0);
        vmt_op(t, UOP_AND, SCR2, a, b, 0);
        vmt_op(t, UOP_ADD, rd, SCR1, SCR2, 0);
        break;
    case UOP_SLLI: /* a * 2^imm */
        vmt_li(t, SCR1, 1u << imm);
        vmt_op(t, UOP_MUL, rd, a, SCR1, 0);
        break;
    case UOP_SRLI: /* SRL by a register holding imm + 32 (the shift uses 5 bits) */
        vmt_li(t, SCR1, (uint32_t)imm + 32);
        vmt_op(t, UOP_SRL, rd, a, SCR1, 0);
        break;
    default: /* ADDI: a + li(imm) */
        vmt_li(t, SCR1, (uint32_t)imm);
        vmt_op(t, UOP_ADD, rd, a, SCR1, 0);
        break;
    }
}

vmt *adv_pair_prog(uint64_t seed, int rewrite)
{
    uint64_t g = seed;
    vmt *t = vmt_new();
    for (unsigned i = 0; i < N_REGS; i++)
        vmt_li(t, regs[i], (uint32_t)adv_rnd(&g));
    static const uisa_op ops[] = {UOP_ADD, UOP_SUB, UOP_XOR, UOP_AND, UOP_OR, UOP_SLLI, UOP_SRLI,
                                  UOP_ADDI};
    for (unsigned i = 0; i < 12; i++) {
        uisa_op op = ops[(unsigned)(adv_rnd(&g) % 8)];
        int rd = regs[(unsigned)(adv_rnd(&g) % N_REGS)], a = regs[(unsigned)(adv_rnd(&g) % N_REGS)], b = regs[(unsigned)(adv_rnd(&g) % N_REGS)];
        int32_t imm = op == UOP_SLLI || op == UOP_SRLI ? (int32_t)(unsigned)(adv_rnd(&g) % 31) + 1
                                                       : (int32_t)(unsigned)(adv_rnd(&g) % 4096) - 2048;
        emit(t, rewrite, op, rd, a, op == UOP_SLLI || op == UOP_SRLI || op == UOP_ADDI ? 0 : b,
             imm);
    }
    vmt_li(t, X_S2, VMT_DATA);
    for (unsigned i = 0; i < N_REGS; i++)
        vmt_op(t, UOP_SW, 0, X_S2, regs[i], (int32_t)(4 * i));
    vmt_li(t, X_A0, 1);
    vmt_op(t, UOP_ADDI, X_A1, X_S2, 0, 0);
    vmt_li(t, X_A2, 4 * N_REGS);
    vmt_syscall(t, 64);
    zkt_exit_checksum(t, X_S2, N_REGS);
    return t;
}

void adv_info_free_all(void)
{
    for (unsigned s = 0; s < ADV_N_SUBJ; s++)
        if (infos[s].ok) {
            vm_trace_free(&infos[s].tr);
            free(infos[s].prog);
            free(infos[s].ran);
            free(infos[s].input_buf);
            adv_prog_free(&infos[s].h);
            infos[s].ok = 0;
        }
}
