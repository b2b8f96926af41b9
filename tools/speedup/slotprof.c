/* slotprof.c — `speedup-prof`: runs a .uisa under the counting loop and prints, as
 * one JSON object on stdout, every executed slot with its count, uop, function
 * symbol and prover chip (the Amdahl input of tools/speedup). Invariant: the
 * counts are those of vm_profile_run, so sum(count * ninsn) over the slots is the
 * run's RISC-V instruction count when it exits (a faulting uop counts once more).
 *
 *   speedup-prof PROG.uisa [--input FILE] [--max-cycles N]
 * {"stop", "exit_code", "insns", "uops", "slots": [{"pc", "op", "tier", "count",
 *  "ninsn", "func", "class", "chip", "chip2", "why"}]}: class is the ops.def class
 * column; chip is the zkVM chip proving the slot's uop (zk_decode, as the prover
 * and verifier decode it) or null with "why" the reason it is not provable yet;
 * chip2 the chip of a split fused uop's second row, else null; func is the
 * containing function symbol or null; call the target pc of a direct call (JAL
 * with rd != x0), else null. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "profile.h"
#include "chips/chip_fused.h"

#define MAX_FILE_BYTES (1u << 30)

/* JSON string (symbol names and reasons are plain, but escape anyway). */
static void put_str(const char *s)
{
    if (!s) {
        fputs("null", stdout);
        return;
    }
    putchar('"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            printf("\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            printf("\\u%04x", *s);
        else
            putchar(*s);
    }
    putchar('"');
}

static void put_slot(const uisa_program *p, uint32_t i, uint64_t count, int first)
{
    const uisa_uop *u = &p->slots[i];
    uint32_t pc = p->code_base + (i << p->slot_shift);
    const uisa_symbol *sym = uisa_symbol_at(p, pc);
    zk_prow row;
    const char *why = NULL;
    zk_op op = zk_decode(u, pc, &row, &why), op2 = ZK_NONE;
    if (op != ZK_NONE && uisa_ops[u->op].tier == TIER_FUSED) {
        zk_prow r1, r2;
        if (zk_fused_decode(u, pc, &r1, &r2, &why) == 2)
            op2 = (zk_op)r2.op;
    }
    printf("%s\n{\"pc\":%" PRIu32 ",\"op\":", first ? "" : ",", pc);
    put_str(uisa_ops[u->op].name);
    printf(",\"tier\":\"%s\",\"count\":%" PRIu64 ",\"ninsn\":%u,\"func\":",
           uisa_tier_name(uisa_ops[u->op].tier), count, (unsigned)u->ninsn);
    put_str(sym ? sym->name : NULL);
    printf(",\"class\":\"%s\",\"chip\":", uisa_class_name(uisa_ops[u->op].cls));
    put_str(op != ZK_NONE ? zk_chips[zk_op_chip(op)]->name : NULL);
    printf(",\"chip2\":");
    put_str(op2 != ZK_NONE ? zk_chips[zk_op_chip(op2)]->name : NULL);
    if (u->op == UOP_JAL && u->rd != 0)
        printf(",\"call\":%" PRIu32, pc + (uint32_t)u->imm);
    else
        printf(",\"call\":null");
    printf(",\"why\":");
    put_str(op != ZK_NONE ? NULL : why ? why : "not provable");
    putchar('}');
}

static int profile(const char *path, const char *input_path, uint64_t max_cycles)
{
    uvm_err err = {{0}};
    uint8_t *data = NULL, *input = NULL;
    size_t len = 0, input_len = 0;
    uisa_program p;
    memset(&p, 0, sizeof p);
    if (io_read_all(path, MAX_FILE_BYTES, &data, &len, &err) ||
        (input_path && io_read_all(input_path, MAX_FILE_BYTES, &input, &input_len, &err)) ||
        uisa_load(data, len, &p, &err)) {
        fprintf(stderr, "speedup-prof: %s\n", err.msg);
        free(data);
        free(input);
        return 2;
    }
    free(data);
    uint64_t *counts = calloc(p.n_slots ? p.n_slots : 1, sizeof *counts);
    vm_result *r = calloc(1, sizeof *r);
    vm_config cfg = {.max_cycles = max_cycles, .input = input, .input_len = input_len};
    int rc = counts && r ? vm_profile_run(&p, &cfg, counts, r, &err)
                         : uvm_errf(&err, "out of memory");
    if (!rc) {
        printf("{\"stop\":\"%s\",\"exit_code\":%" PRIu32 ",\"insns\":%" PRIu64 ",\"uops\":%" PRIu64
               ",\"slots\":[", vm_stop_name(r->stop), r->exit_code, r->insns_retired, r->uops);
        int first = 1;
        for (uint32_t i = 0; i < p.n_slots; i++)
            if (counts[i]) {
                put_slot(&p, i, counts[i], first);
                first = 0;
            }
        printf("]}\n");
    } else {
        fprintf(stderr, "speedup-prof: %s: %s\n", path, err.msg);
    }
    free(counts);
    free(r);
    free(input);
    uisa_program_free(&p);
    return rc ? 2 : 0;
}

int main(int argc, char **argv)
{
    static const char usage[] = "usage: speedup-prof PROG.uisa [--input FILE] [--max-cycles N]\n";
    const char *prog = NULL, *input = NULL;
    uint64_t max_cycles = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--input") && i + 1 < argc) {
            input = argv[++i];
        } else if (!strcmp(argv[i], "--max-cycles") && i + 1 < argc) {
            char *end;
            const char *v = argv[++i];
            max_cycles = strtoull(v, &end, 10);
            if (!*v || *end || *v == '-') {
                fprintf(stderr, "speedup-prof: --max-cycles: '%s' is not a count\n", v);
                return 2;
            }
        } else if ((argv[i][0] == '-' && argv[i][1]) || prog) {
            fputs(usage, stderr);
            return 2;
        } else {
            prog = argv[i];
        }
    }
    if (!prog) {
        fputs(usage, stderr);
        return 2;
    }
    return profile(prog, input, max_cycles);
}
