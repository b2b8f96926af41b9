/* uvm.c — the `uvm` command: one function per subcommand (run here; prove
 * and verify in uvm_zk.c). A thin main: parses arguments, calls the
 * libraries, prints. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "io.h"
#include "uvm_zk.h"
#include "uisa.h"
#include "vm.h"
#include "xlate.h"

#define EXIT_GUEST_FAULT 139
#define EXIT_CYCLE_LIMIT 124
/* uvm run's default uop limit: 2^34, about 45 s at the VM's ~380 M uops/s, so a
 * guest that never exits stops on its own; --max-cycles raises it (0: none). */
#define RUN_DEFAULT_MAX_CYCLES (1ull << 34)

static const char run_usage[] =
    "usage: uvm run [--input FILE] [--stats] [--json] [--max-cycles N] [PROGRAM|-]\n"
    "Runs a .uisa program (from PROGRAM, or stdin if - or absent).\n"
    "  --input FILE     the guest's private input stream (fd 0); default empty\n"
    "  --stats          print to stderr: RISC-V instructions retired, uops executed,\n"
    "                   and a per-uop histogram\n"
    "  --json           print the same stats as one JSON object on stderr\n"
    "  --max-cycles N   stop after exactly N uops (default 17179869184 = 2^34, about\n"
    "                   45 s; 0 = no limit)\n"
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

static int write_out(void *ctx, int fd, const void *buf, size_t len)
{
    (void)ctx;
    FILE *f = fd == 1 ? stdout : stderr;
    return fwrite(buf, 1, len, f) == len ? 0 : -1;
}

typedef struct run_opts {
    const char *input, *program;
    int stats, json;
    uint64_t max_cycles; /* RUN_DEFAULT_MAX_CYCLES unless --max-cycles */
} run_opts;

int uvm_parse_u64(const char *s, uint64_t *v)
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
            if (uvm_parse_u64(argv[++i], &o->max_cycles)) {
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
    if (r->block_insns)
        fprintf(stderr, "instructions in blocks:     %" PRIu64 " (%.1f%%)\n", r->block_insns,
                r->insns_retired ? 100.0 * (double)r->block_insns / (double)r->insns_retired : 0);
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
            ",\"insns_retired\":%" PRIu64 ",\"uops\":%" PRIu64 ",\"block_insns\":%" PRIu64,
            vm_stop_name(r->stop), r->exit_code, r->pc, r->insns_retired, r->uops, r->block_insns);
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

void uvm_fault_line(const uisa_program *p, const vm_result *r, char *buf, size_t size)
{
    char dec[80] = "";
    const uisa_uop *u = uisa_slot(p, r->pc);
    /* the VM names the word; the translator's decoder names what it is */
    if (r->fault == VM_FAULT_TRAP && u && u->op == UOP_TRAP && u->imm != TRAP_MID_INSN)
        xl_word_decoding(r->addr, u->len == 2 ? 2 : 4, dec, sizeof dec);
    snprintf(buf, size, "guest fault at pc 0x%08x: %s%s", r->pc, r->msg, dec);
}

int uvm_load_program(const char *path, uisa_program *p, uvm_err *err)
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
    run_opts o = {.max_cycles = RUN_DEFAULT_MAX_CYCLES};
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
    if (uvm_load_program(o.program, &p, &err)) {
        fprintf(stderr, "uvm: %s\n", err.msg);
        free(input);
        return EXIT_UVM_ERROR;
    }
    vm_config cfg = {.max_cycles = o.max_cycles, .input = input, .input_len = input_len,
                     .write = write_out, .stats = o.stats || o.json};
    vm_result *r = calloc(1, sizeof *r);
    int rc = r ? vm_run(&p, &cfg, r, &err) : uvm_errf(&err, "out of memory");
    char line[320];
    if (!rc && r->stop == VM_STOP_FAULT)
        uvm_fault_line(&p, r, line, sizeof line);
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
        fprintf(stderr, "uvm: %s\n", line);
        status = EXIT_GUEST_FAULT;
    } else if (r->stop == VM_STOP_CYCLE_LIMIT) {
        fprintf(stderr, "uvm: guest stopped at pc 0x%08x: %s\n", r->pc, r->msg);
        fprintf(stderr, "uvm: run: the run did not exit within %" PRIu64 " uops; raise "
                "--max-cycles\n", o.max_cycles);
        status = EXIT_CYCLE_LIMIT;
    }
    if (o.stats)
        print_stats_text(r);
    if (o.json)
        print_stats_json(r);
    free(r);
    return status;
}

/* libgomp reads its wait policy once, before main: by default a thread idle
 * between two of the prover's parallel regions spins 300 000 rounds, which
 * burnt a sixth of a prove's CPU on a shared 2-core machine
 * (docs/throughput.md). Unless the user chose a policy, prove re-runs this
 * program with a short spin (GOMP_SPINCOUNT=10000, then sleep); not under
 * valgrind, whose exec would leave the child unwatched. */
static void prove_short_spin(char **argv)
{
    const char *pre = getenv("LD_PRELOAD");
    if (getenv("OMP_WAIT_POLICY") || getenv("GOMP_SPINCOUNT") || (pre && strstr(pre, "vgpreload")))
        return;
    if (setenv("GOMP_SPINCOUNT", "10000", 1) == 0)
        execv("/proc/self/exe", argv); /* on failure: go on with libgomp's default */
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
    if (!strcmp(argv[1], "prove")) {
        prove_short_spin(argv);
        return uvm_cmd_prove(argc - 2, argv + 2);
    }
    if (!strcmp(argv[1], "verify"))
        return uvm_cmd_verify(argc - 2, argv + 2);
    fprintf(stderr, "uvm: unknown command '%s' (see uvm --help)\n", argv[1]);
    return EXIT_UVM_ERROR;
}
