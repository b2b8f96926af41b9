/* uvm.c — the `uvm` command: one function per subcommand (run, prove,
 * verify). A thin main: parses arguments, calls the libraries, prints. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "io.h"
#include "uisa.h"
#include "vm.h"
#include "zkvm.h"

#define EXIT_UVM_ERROR 2
#define EXIT_GUEST_FAULT 139
#define EXIT_CYCLE_LIMIT 124
#define MAX_FILE_BYTES (1ull << 30)

static const char run_usage[] =
    "usage: uvm run [--input FILE] [--stats] [--json] [--max-cycles N] [PROGRAM|-]\n"
    "Runs a .uisa program (from PROGRAM, or stdin if - or absent).\n"
    "  --input FILE     the guest's private input stream (fd 0); default empty\n"
    "  --stats          print to stderr: RISC-V instructions retired, uops executed,\n"
    "                   and a per-uop histogram\n"
    "  --json           print the same stats as one JSON object on stderr\n"
    "  --max-cycles N   stop after exactly N uops (0 = no limit)\n"
    "Guest fd 1 goes to stdout, fd 2 to stderr; stats also go to stderr, so stdout\n"
    "holds only the guest's public output.\n"
    "Exit status: the guest's exit code (low 8 bits); 139 after a guest fault\n"
    "(one line on stderr: cause, pc, address); 124 when the cycle limit is hit;\n"
    "2 for a uvm error (bad arguments, unreadable or malformed file).\n";

static const char main_usage[] =
    "usage: uvm COMMAND [ARGS]\n"
    "commands:\n"
    "  run     execute a .uisa program (uvm run --help)\n"
    "  prove   execute and prove a .uisa program (uvm prove --help)\n"
    "  verify  check a proof against a .uisa program (uvm verify --help)\n";

static const char prove_usage[] =
    "usage: uvm prove [--input FILE] [-o OUT.uvp] [--json] [--max-cycles N] [--max-rows N]\n"
    "                 [PROGRAM|-]\n"
    "Runs a .uisa program with tracing and proves the run (one segment; base-tier\n"
    "uops only, see docs/zkvm.md for what is provable yet).\n"
    "  --input FILE     input (fd 0); carried in the proof (public), verify prints its SHA-256\n"
    "  -o OUT.uvp       proof file (default proof.uvp)\n"
    "  --json           print a JSON summary on stderr (rows and cells per chip,\n"
    "                   time per phase incl. trace generation, proof size, peak memory)\n"
    "  --max-cycles N   refuse runs longer than N uops (0 = no limit)\n"
    "  --max-rows N     segment size in uops (default 4194304); longer runs are\n"
    "                   refused until continuations exist\n"
    "No proof is written for a run that faults, hits a limit or uses a uop that is\n"
    "not provable yet. Exit status 0 on success, 1 if the run cannot be proved,\n"
    "2 for a uvm error.\n";

static const char verify_usage[] =
    "usage: uvm verify PROOF.uvp --program P.uisa [--min-security BITS]\n"
    "Checks PROOF against the program (its table is recomputed from P.uisa).\n"
    "On acceptance prints the public output (guest fd 1) on stdout and the exit\n"
    "code on stderr, and exits 0; a rejected proof exits 1 with the reason.\n"
    "(--elf guest.elf, re-translating with xlate, is not implemented yet.)\n";

static int write_out(void *ctx, int fd, const void *buf, size_t len)
{
    (void)ctx;
    FILE *f = fd == 1 ? stdout : stderr;
    return fwrite(buf, 1, len, f) == len ? 0 : -1;
}

typedef struct run_opts {
    const char *input, *program;
    int stats, json;
    uint64_t max_cycles;
} run_opts;

static int parse_u64(const char *s, uint64_t *v)
{
    char *end;
    errno = 0;
    if (!*s || *s == '-')
        return -1;
    unsigned long long x = strtoull(s, &end, 10);
    if (errno || *end)
        return -1;
    *v = x;
    return 0;
}

/* Returns 0 to run, 1 after --help, -1 on a usage error (message printed). */
static int parse_run(int argc, char **argv, run_opts *o)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        int has_next = i + 1 < argc;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(run_usage, stdout);
            return 1;
        } else if (!strcmp(a, "--stats")) {
            o->stats = 1;
        } else if (!strcmp(a, "--json")) {
            o->json = 1;
        } else if (!strcmp(a, "--input") && has_next) {
            o->input = argv[++i];
        } else if (!strcmp(a, "--max-cycles") && has_next) {
            if (parse_u64(argv[++i], &o->max_cycles)) {
                fprintf(stderr, "uvm: --max-cycles: not a number: %s\n", argv[i]);
                return -1;
            }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "uvm: run: unknown or incomplete option %s (see uvm run --help)\n", a);
            return -1;
        } else if (o->program) {
            fprintf(stderr, "uvm: run: more than one program given (%s)\n", a);
            return -1;
        } else {
            o->program = a;
        }
    }
    if (!o->program)
        o->program = "-";
    return 0;
}

static int cmp_count(const void *a, const void *b, void *hist)
{
    const uint64_t *h = hist;
    int x = *(const int *)a, y = *(const int *)b;
    return h[x] < h[y] ? 1 : h[x] > h[y] ? -1 : x - y;
}

static void print_stats_text(const vm_result *r)
{
    fprintf(stderr, "uvm: stop: %s", vm_stop_name(r->stop));
    if (r->stop == VM_STOP_EXIT)
        fprintf(stderr, " %" PRIu32, r->exit_code);
    fprintf(stderr, " at pc 0x%08x\n", r->pc);
    fprintf(stderr, "riscv instructions retired: %" PRIu64 "\n", r->insns_retired);
    fprintf(stderr, "uops executed:              %" PRIu64 "\n", r->uops);
    int order[UOP_COUNT];
    for (int i = 0; i < UOP_COUNT; i++)
        order[i] = i;
    qsort_r(order, UOP_COUNT, sizeof order[0], cmp_count, (void *)r->hist);
    fprintf(stderr, "uop histogram:\n");
    for (int i = 0; i < UOP_COUNT && r->hist[order[i]]; i++)
        fprintf(stderr, "  %-10s %14" PRIu64 "  %6.2f%%\n", uisa_ops[order[i]].name,
                r->hist[order[i]], r->uops ? 100.0 * (double)r->hist[order[i]] / (double)r->uops : 0);
}

/* The fault message is plain ASCII without quotes or backslashes, but escape anyway. */
static void print_json_string(const char *s)
{
    fputc('"', stderr);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(stderr, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            fprintf(stderr, "\\u%04x", *s);
        else
            fputc(*s, stderr);
    }
    fputc('"', stderr);
}

static void print_stats_json(const vm_result *r)
{
    fprintf(stderr, "{\"stop\":\"%s\",\"exit_code\":%" PRIu32 ",\"pc\":%" PRIu32
            ",\"insns_retired\":%" PRIu64 ",\"uops\":%" PRIu64, vm_stop_name(r->stop),
            r->exit_code, r->pc, r->insns_retired, r->uops);
    if (r->stop != VM_STOP_EXIT) {
        fprintf(stderr, ",\"fault\":\"%s\",\"addr\":%" PRIu32 ",\"msg\":",
                r->stop == VM_STOP_FAULT ? vm_fault_name(r->fault) : "cycle-limit", r->addr);
        print_json_string(r->msg);
    }
    fprintf(stderr, ",\"hist\":{");
    int first = 1;
    for (int i = 0; i < UOP_COUNT; i++) {
        if (!r->hist[i])
            continue;
        fprintf(stderr, "%s\"%s\":%" PRIu64, first ? "" : ",", uisa_ops[i].name, r->hist[i]);
        first = 0;
    }
    fprintf(stderr, "}}\n");
}

static int load_program(const char *path, uisa_program *p, uvm_err *err)
{
    uint8_t *data;
    size_t len;
    if (io_read_all(path, MAX_FILE_BYTES, &data, &len, err))
        return -1;
    int rc = uisa_load(data, len, p, err);
    free(data);
    if (rc)
        uvm_err_prefix(err, "%s", strcmp(path, "-") ? path : "<stdin>");
    return rc;
}

static int cmd_run(int argc, char **argv)
{
    run_opts o = {0};
    int pr = parse_run(argc, argv, &o);
    if (pr)
        return pr > 0 ? 0 : EXIT_UVM_ERROR;
    uvm_err err = {{0}};
    uint8_t *input = NULL;
    size_t input_len = 0;
    if (o.input && io_read_all(o.input, MAX_FILE_BYTES, &input, &input_len, &err)) {
        fprintf(stderr, "uvm: %s\n", err.msg);
        return EXIT_UVM_ERROR;
    }
    uisa_program p;
    memset(&p, 0, sizeof p);
    if (load_program(o.program, &p, &err)) {
        fprintf(stderr, "uvm: %s\n", err.msg);
        free(input);
        return EXIT_UVM_ERROR;
    }
    vm_config cfg = {.max_cycles = o.max_cycles, .input = input, .input_len = input_len,
                     .write = write_out, .stats = o.stats || o.json};
    vm_result *r = calloc(1, sizeof *r);
    int rc = r ? vm_run(&p, &cfg, r, &err) : uvm_errf(&err, "out of memory");
    uisa_program_free(&p);
    free(input);
    fflush(stdout);
    if (rc) {
        fprintf(stderr, "uvm: %s\n", err.msg);
        free(r);
        return EXIT_UVM_ERROR;
    }
    int status = (int)(r->exit_code & 0xff);
    if (r->stop == VM_STOP_FAULT) {
        fprintf(stderr, "uvm: guest fault at pc 0x%08x: %s\n", r->pc, r->msg);
        status = EXIT_GUEST_FAULT;
    } else if (r->stop == VM_STOP_CYCLE_LIMIT) {
        fprintf(stderr, "uvm: guest stopped at pc 0x%08x: %s\n", r->pc, r->msg);
        status = EXIT_CYCLE_LIMIT;
    }
    if (o.stats)
        print_stats_text(r);
    if (o.json)
        print_stats_json(r);
    free(r);
    return status;
}

typedef struct prove_opts {
    const char *input, *program, *out;
    int json;
    uint64_t max_cycles, max_rows;
} prove_opts;

/* Returns 0 to prove, 1 after --help, -1 on a usage error (message printed). */
static int parse_prove(int argc, char **argv, prove_opts *o)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        int has_next = i + 1 < argc;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(prove_usage, stdout);
            return 1;
        } else if (!strcmp(a, "--json")) {
            o->json = 1;
        } else if (!strcmp(a, "--input") && has_next) {
            o->input = argv[++i];
        } else if (!strcmp(a, "-o") && has_next) {
            o->out = argv[++i];
        } else if ((!strcmp(a, "--max-cycles") || !strcmp(a, "--max-rows")) && has_next) {
            uint64_t *v = a[6] == 'c' ? &o->max_cycles : &o->max_rows;
            if (parse_u64(argv[++i], v)) {
                fprintf(stderr, "uvm: %s: not a number: %s\n", a, argv[i]);
                return -1;
            }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "uvm: prove: unknown or incomplete option %s (see uvm prove --help)\n", a);
            return -1;
        } else if (o->program) {
            fprintf(stderr, "uvm: prove: more than one program given (%s)\n", a);
            return -1;
        } else {
            o->program = a;
        }
    }
    if (!o->program)
        o->program = "-";
    if (!o->out)
        o->out = "proof.uvp";
    return 0;
}

static void print_prove_json(const zk_report *r)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    fprintf(stderr, "{\"uops\":%" PRIu64 ",\"insns_retired\":%" PRIu64 ",\"exit_code\":%" PRIu32
            ",\"chips\":{", r->uops, r->insns, r->exit_code);
    for (int c = 0; c < ZK_N_CHIPS; c++)
        fprintf(stderr, "%s\"%s\":{\"rows\":%" PRIu64 ",\"height\":%" PRIu64 ",\"columns\":%" PRIu64
                ",\"cells\":%" PRIu64 "}", c ? "," : "", r->chip_name[c], r->rows[c], r->height[c],
                r->width[c], r->height[c] * r->width[c]);
    double per = r->insns ? (double)r->cells_exec / (double)r->insns : 0;
    fprintf(stderr, "},\"cells\":%" PRIu64 ",\"exec_cells_per_insn\":%.1f,\"touched_keys\":%" PRIu64
            ",\"time_s\":{\"trace_generation\":%.4f,\"witness\":%.4f,\"lde\":%.4f,\"commit\":%.4f"
            ",\"logup\":%.4f,\"quotient\":%.4f,\"ood\":%.4f,\"fri\":%.4f,\"open\":%.4f"
            ",\"stark_total\":%.4f,\"total\":%.4f},\"proof_bytes\":%zu,\"peak_rss_kib\":%ld"
            ",\"insns_per_s\":%.0f}\n", r->cells, per, r->n_touched, r->t_trace, r->t_witness,
            r->st.lde, r->st.commit, r->st.logup, r->st.quotient, r->st.ood, r->st.fri, r->st.open,
            r->t_stark, r->t_total, r->proof_bytes, ru.ru_maxrss,
            r->t_total > 0 ? (double)r->insns / r->t_total : 0);
}

static int cmd_prove(int argc, char **argv)
{
    prove_opts o = {0};
    int pr = parse_prove(argc, argv, &o);
    if (pr)
        return pr > 0 ? 0 : EXIT_UVM_ERROR;
    uvm_err err = {{0}};
    uint8_t *input = NULL, *proof = NULL;
    size_t input_len = 0, len = 0;
    uisa_program p;
    memset(&p, 0, sizeof p);
    if ((o.input && io_read_all(o.input, MAX_FILE_BYTES, &input, &input_len, &err)) ||
        load_program(o.program, &p, &err)) {
        fprintf(stderr, "uvm: %s\n", err.msg);
        free(input);
        return EXIT_UVM_ERROR;
    }
    zk_prove_opts zo = zk_prove_opts_default();
    zo.input = input;
    zo.input_len = input_len;
    zo.max_cycles = o.max_cycles;
    zo.max_rows = o.max_rows;
    zk_report rep;
    int tty = isatty(2);
    if (tty)
        fprintf(stderr, "uvm: prove: tracing and proving %s ...\n", o.program);
    int rc = zk_prove(&p, &zo, &proof, &len, &rep, &err);
    uisa_program_free(&p);
    free(input);
    if (rc) {
        fprintf(stderr, "uvm: prove: %s\n", err.msg);
        return 1;
    }
    if (io_write_all(o.out, proof, len, &err)) {
        fprintf(stderr, "uvm: %s\n", err.msg);
        free(proof);
        return EXIT_UVM_ERROR;
    }
    free(proof);
    if (tty)
        fprintf(stderr, "uvm: prove: %" PRIu64 " instructions; trace %.3f s, witness %.3f s, "
                "stark %.3f s; %zu-byte proof in %s\n", rep.insns, rep.t_trace, rep.t_witness,
                rep.t_stark, rep.proof_bytes, o.out);
    if (o.json)
        print_prove_json(&rep);
    return 0;
}

static int cmd_verify(int argc, char **argv)
{
    const char *proof_path = NULL, *prog_path = NULL;
    uint64_t min_sec = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(verify_usage, stdout);
            return 0;
        } else if (!strcmp(argv[i], "--program") && i + 1 < argc) {
            prog_path = argv[++i];
        } else if (!strcmp(argv[i], "--min-security") && i + 1 < argc) {
            if (parse_u64(argv[++i], &min_sec) || min_sec > 256) {
                fprintf(stderr, "uvm: --min-security: bad value %s\n", argv[i]);
                return EXIT_UVM_ERROR;
            }
        } else if (argv[i][0] == '-' || proof_path) {
            fprintf(stderr, "uvm: verify: unexpected argument %s (see uvm verify --help)\n", argv[i]);
            return EXIT_UVM_ERROR;
        } else {
            proof_path = argv[i];
        }
    }
    if (!proof_path || !prog_path) {
        fputs(verify_usage, stderr);
        return EXIT_UVM_ERROR;
    }
    uvm_err err = {{0}};
    uisa_program p;
    memset(&p, 0, sizeof p);
    uint8_t *proof = NULL;
    size_t len = 0;
    if (load_program(prog_path, &p, &err) ||
        io_read_all(proof_path, MAX_FILE_BYTES, &proof, &len, &err)) {
        fprintf(stderr, "uvm: %s\n", err.msg);
        uisa_program_free(&p);
        return EXIT_UVM_ERROR;
    }
    zk_claim cl;
    int rc = zk_verify(&p, proof, len, (unsigned)min_sec, &cl, &err);
    uisa_program_free(&p);
    free(proof);
    if (rc) {
        fprintf(stderr, "uvm: verify: %s: %s\n", proof_path, err.msg);
        return 1;
    }
    fwrite(cl.output, 1, cl.output_len, stdout);
    fflush(stdout);
    fprintf(stderr, "uvm: verify: input sha256 ");
    for (int i = 0; i < 32; i++)
        fprintf(stderr, "%02x", cl.input_hash[i]);
    fprintf(stderr, " (%" PRIu32 " bytes, %" PRIu32 " read), output %zu bytes\n", cl.input_len,
            cl.input_used, cl.output_len);
    /* last line, ending in the exit code (tools/speedup reads it) */
    fprintf(stderr, "uvm: verify: proof accepted: exit code %" PRIu32 "\n", cl.exit_code);
    zk_claim_free(&cl);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
        !strcmp(argv[1], "help")) {
        fputs(main_usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_UVM_ERROR : 0;
    }
    if (!strcmp(argv[1], "run"))
        return cmd_run(argc - 2, argv + 2);
    if (!strcmp(argv[1], "prove"))
        return cmd_prove(argc - 2, argv + 2);
    if (!strcmp(argv[1], "verify"))
        return cmd_verify(argc - 2, argv + 2);
    fprintf(stderr, "uvm: unknown command '%s' (see uvm --help)\n", argv[1]);
    return EXIT_UVM_ERROR;
}
