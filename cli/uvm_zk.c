/* uvm_zk.c — `uvm prove` (segmented proving, --json report, a progress line
 * on a terminal) and `uvm verify` (against a .uisa, or an ELF re-translated
 * here). Invariant: no proof file is written unless zk_prove succeeded, and
 * stderr carries progress only when it is a terminal. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "blocks.h"
#include "io.h"
#include "sha256.h"
#include "uvm_zk.h"
#include "xlate.h"
#include "zkvm.h"
#ifdef UVM_HAVE_MPI
#include "uvm_mpi.h"
#endif

static const char prove_usage[] =
    "usage: uvm prove [--input FILE] [-o OUT.uvp] [--json] [--max-cycles N]\n"
    "                 [--segment-uops N] [--proof-size NAME] [--mpi] [--progress]\n"
    "                 [PROGRAM|-]\n"
    "Runs a .uisa program and proves the run, split into segments of at most N uops\n"
    "proved one after another and chained by their memory boundary (base-tier uops\n"
    "only; see docs/zkvm.md for what is provable yet).\n"
    "  --input FILE        input (fd 0); carried in the proof (public), verify prints\n"
    "                      its SHA-256\n"
    "  -o OUT.uvp          proof file (default proof.uvp)\n"
    "  --json              print a JSON summary on stderr: totals and one entry per\n"
    "                      segment (rows and cells per chip, time per phase incl.\n"
    "                      trace generation, proof size, peak memory)\n"
    "  --max-cycles N      refuse runs longer than N uops (default 268435456 = 2^28,\n"
    "                      about half an hour of proving; 0 = no limit)\n"
    "  --segment-uops N    segment size in uops (default 2097152 = 2^21, about\n"
    "                      4.5 GB of prover memory per segment)\n"
    "  --proof-size NAME   STARK parameters (the verifier reads them from the proof;\n"
    "                      bits per regime: docs/security.md):\n"
    "                      secure128 (default): >= 128 provable (Johnson) bits:\n"
    "                      blowup 2, 240 queries, 20 grinding bits, challenges\n"
    "                      from the cubic extension GF(p^3);\n"
    "                      secure100: >= 100 provable bits, 170 queries, GF(p^3);\n"
    "                      fast: blowup 2, 84 queries, 16 grinding bits, GF(p^2):\n"
    "                      57 provable bits, ~96 conjectured (the benchmark set;\n"
    "                      verify it with --min-security conjectured:90);\n"
    "                      small: blowup 8, 26 queries, 22 grinding bits, GF(p^2):\n"
    "                      60 provable bits, ~0.35x the bytes of fast\n"
    "  --mpi               under mpirun: prove the segments' STARKs across the\n"
    "                      ranks (docs/mpi.md); rank 0 writes the same proof\n"
    "                      bytes as one process. Needs a uvm built with Open MPI.\n"
    "  --progress          the progress line and summary even when stderr is not a\n"
    "                      terminal (under mpirun it never is: Open MPI forwards\n"
    "                      rank 0's stderr through a pipe); with --mpi it counts\n"
    "                      the segments proved on all ranks\n"
    "On a terminal, the end prints the weakest segment's security: bits in the\n"
    "unique-decoding, Johnson-bound and conjectured regimes and the binding terms\n"
    "(also in --json).\n"
    "A progress line (phase, segment i/n, elapsed, estimated remaining) is shown on\n"
    "stderr when it is a terminal. No proof is written for a run that faults (with\n"
    "the line `uvm run` prints), stores into its code (an RWX segment), hits a limit\n"
    "or uses a uop that is not provable yet; the run and the -o path are checked\n"
    "before any proving. Exit status 0 on success, 1 if the run cannot be proved,\n"
    "2 for a uvm error.\n";

static const char verify_usage[] =
    "usage: uvm verify PROOF.uvp (--program P.uisa | --elf GUEST.elf [XLATE OPTIONS])\n"
    "                  [--min-security [REGIME:]BITS]\n"
    "Checks PROOF against the program: its table is recomputed from P.uisa, or from\n"
    "GUEST.elf translated again here (deterministic; XLATE OPTIONS: -O0 -O1 -O2\n"
    "--no-fuse --no-native --native --hints FILE --blocks FILE, as given to xlate).\n"
    "With both, the .uisa header's ELF hash must match GUEST.elf.\n"
    "On acceptance prints the public output (guest fd 1) on stdout and, on stderr,\n"
    "what was proved: the program digest (the table and image checked, with the ELF\n"
    "hash, level and hints hash the .uisa records), the input's SHA-256, the proof\n"
    "id (the same for every zstd encoding of the same proof: name proofs by it),\n"
    "the weakest segment's security (bits in the regimes ud (unique decoding),\n"
    "johnson (Johnson bound; both provable) and conjectured: docs/security.md),\n"
    "and last the exit code; exits 0. A rejected proof exits 1 with the reason.\n"
    "--min-security REGIME:BITS refuses a proof with a segment below BITS in REGIME\n"
    "(ud, johnson, conjectured); a bare BITS means conjectured; default\n"
    "johnson:128 (the field's bar: what the default --proof-size secure128 gives;\n"
    "fast and small proofs need e.g. conjectured:90).\n";

/* What `uvm prove` uses without --proof-size: >= 128 Johnson bits. */
#define UVM_DEFAULT_PROOF_SIZE "secure128"

typedef struct prove_opts {
    const char *input, *program, *out;
    int json, mpi, progress;
    uint64_t max_cycles, seg_uops;
    int max_cycles_set;
    const char *proof_size;
} prove_opts;

/* Returns 0 to prove, 1 after --help, -1 on a usage error (message printed). */
static int parse_prove(int argc, char **argv, prove_opts *o)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        int has_next = i + 1 < argc;
        uint64_t *num = !strcmp(a, "--max-cycles") ? &o->max_cycles
                        : !strcmp(a, "--segment-uops") ? &o->seg_uops : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(prove_usage, stdout);
            return 1;
        } else if (!strcmp(a, "--json")) {
            o->json = 1;
        } else if (!strcmp(a, "--mpi")) {
            o->mpi = 1;
        } else if (!strcmp(a, "--progress")) {
            o->progress = 1;
        } else if (!strcmp(a, "--input") && has_next) {
            o->input = argv[++i];
        } else if (!strcmp(a, "-o") && has_next) {
            o->out = argv[++i];
        } else if (!strcmp(a, "--proof-size") && has_next) {
            o->proof_size = argv[++i];
            stark_params tmp;
            uvm_err e = {{0}};
            if (stark_params_named(o->proof_size, &tmp)) {
                fprintf(stderr, "uvm: prove: --proof-size %s: expected fast or small, or secure100 or "
                        "secure128 (GF(p^3))\n", o->proof_size);
                return -1;
            }
            if (stark_params_check(&tmp, 0, &e)) { /* a set for an extension not built */
                fprintf(stderr, "uvm: prove: --proof-size %s: %s\n", o->proof_size, e.msg);
                return -1;
            }
        } else if (num && has_next) {
            if (uvm_parse_u64(argv[++i], num) || (num == &o->seg_uops && !*num)) {
                fprintf(stderr, "uvm: %s: not a positive number: %s\n", a, argv[i]);
                return -1;
            }
            o->max_cycles_set |= num == &o->max_cycles;
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

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void hms(char *b, size_t n, double s)
{
    unsigned long t = s > 0 ? (unsigned long)(s + 0.5) : 0;
    snprintf(b, n, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
}

/* The progress line: rewritten in place with \r. Remaining time assumes the
 * uops still to prove go at the rate of those proved so far. */
typedef struct progress_ctx {
    double t0;
#ifdef UVM_HAVE_MPI
    uvm_mpi *mpi; /* --mpi on rank 0: count segments proved on every rank */
#endif
} progress_ctx;

static void show_progress(void *ctx, const zk_progress *pr)
{
    progress_ctx *pc = ctx;
    double el = now_s() - pc->t0;
    char e[32], r[32] = "?";
    hms(e, sizeof e, el);
    if (pr->uops_done && pr->uops_total)
        hms(r, sizeof r, el * (double)(pr->uops_total - pr->uops_done) / (double)pr->uops_done);
    if (!strcmp(pr->phase, "execute"))
        fprintf(stderr, "\r\033[Kuvm: prove: executing (check run)  %s", e);
#ifdef UVM_HAVE_MPI
    else if (pc->mpi) /* the ranks' segments finish out of order: count them */
        fprintf(stderr, "\r\033[Kuvm: prove: %u/%u segments proved on %d ranks; rank 0 at "
                "segment %u %-8s elapsed %s", uvm_mpi_done(pc->mpi), pr->n_seg,
                uvm_mpi_size(pc->mpi), pr->seg + 1, pr->phase, e);
#endif
    else
        fprintf(stderr, "\r\033[Kuvm: prove: segment %u/%u %-8s elapsed %s, remaining ~%s",
                pr->seg + 1, pr->n_seg, pr->phase, e, r);
    if (!strcmp(pr->phase, "done"))
        fputc('\n', stderr);
    fflush(stderr);
}

static void print_chips(const zk_report *r, const uint64_t *rows, const uint64_t *height)
{
    fprintf(stderr, "\"chips\":{");
    for (int c = 0; c < ZK_N_CHIPS; c++)
        fprintf(stderr, "%s\"%s\":{\"rows\":%" PRIu64 ",\"height\":%" PRIu64 ",\"columns\":%" PRIu64
                ",\"cells\":%" PRIu64 "}", c ? "," : "", r->chip_name[c], rows[c], height[c],
                r->width[c], height[c] * r->width[c]);
    fputc('}', stderr);
}

static void print_times(double trace, double wit, const stark_timings *st, double stark)
{
    fprintf(stderr, "\"time_s\":{\"trace_generation\":%.4f,\"witness\":%.4f,\"lde\":%.4f"
            ",\"commit\":%.4f,\"logup\":%.4f,\"quotient\":%.4f,\"ood\":%.4f,\"fri\":%.4f"
            ",\"open\":%.4f,\"stark_total\":%.4f", trace, wit, st->lde, st->commit, st->logup,
            st->quotient, st->ood, st->fri, st->open, stark);
}

/* The security of the written proof (weakest segment per regime). */
static void print_security_json(const stark_security *s)
{
    const stark_regime order[] = {STARK_REGIME_UD, STARK_REGIME_JOHNSON, STARK_REGIME_CONJ};
    fprintf(stderr, ",\"security\":{");
    for (int k = 0; k < 3; k++)
        fprintf(stderr, "%s\"%s\":{\"bits\":%u,\"binding\":\"%s\"}", k ? "," : "",
                stark_regime_name(order[k]), s->r[order[k]].bits, s->r[order[k]].why);
    fputc('}', stderr);
}

/* seg_rank: with --mpi, the rank that proved each segment (else NULL). */
static void print_prove_json(const zk_report *r, const stark_security *sec, const int *seg_rank)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    fprintf(stderr, "{\"uops\":%" PRIu64 ",\"insns_retired\":%" PRIu64 ",\"exit_code\":%" PRIu32
            ",\"segments\":%" PRIu32, r->uops, r->insns, r->exit_code, r->n_seg);
    if (sec)
        print_security_json(sec);
    fputc(',', stderr);
    print_chips(r, r->rows, r->height);
    double per = r->insns ? (double)r->cells_exec / (double)r->insns : 0;
    fprintf(stderr, ",\"cells\":%" PRIu64 ",\"exec_cells_per_insn\":%.1f,\"touched_keys\":%" PRIu64
            ",", r->cells, per, r->n_touched);
    print_times(r->t_trace, r->t_witness, &r->st, r->t_stark);
    fprintf(stderr, ",\"execute\":%.4f,\"total\":%.4f},\"proof_bytes\":%zu,\"peak_rss_kib\":%ld"
            ",\"insns_per_s\":%.0f,\"per_segment\":[", r->t_execute, r->t_total, r->proof_bytes,
            ru.ru_maxrss, r->t_total > 0 ? (double)r->insns / r->t_total : 0);
    for (uint32_t i = 0; i < r->n_seg; i++) {
        const zk_seg_report *s = &r->seg[i];
        fprintf(stderr, "%s{\"uops\":%" PRIu64 ",\"insns_retired\":%" PRIu64 ",", i ? "," : "",
                s->uops, s->insns);
        if (seg_rank)
            fprintf(stderr, "\"rank\":%d,", seg_rank[i]);
        print_chips(r, s->rows, s->height);
        fprintf(stderr, ",\"cells\":%" PRIu64 ",\"touched_keys\":%" PRIu64 ",", s->cells,
                s->n_touched);
        print_times(s->t_trace, s->t_witness, &s->st, s->t_stark);
        fprintf(stderr, "},\"stark_bytes\":%zu}", s->stark_bytes);
    }
    fprintf(stderr, "]}\n");
}

/* Before any proving: can the proof be written to path? (Creates nothing:
 * a file made for the check is removed again.) */
static int check_out_path(const char *path, uvm_err *err)
{
    if (!strcmp(path, "-"))
        return 0;
    struct stat st;
    int existed = stat(path, &st) == 0;
    if (existed && S_ISDIR(st.st_mode))
        return uvm_errf(err, "%s: is a directory, not a proof file; no proof written", path);
    int fd = open(path, O_WRONLY | O_CREAT, 0666);
    if (fd < 0)
        return uvm_errf(err, "%s: %s; no proof written", path, strerror(errno));
    close(fd);
    if (!existed)
        unlink(path);
    return 0;
}

/* A plain VM run before proving (about 1/1000 of the prove time): a run that
 * faults (an untranslatable word, self-modifying code, ...) is refused with
 * the line `uvm run` prints, and one that stores into its code (an RWX
 * segment) is refused too: the proof keeps code pages read-only. */
static int check_run_first(const uisa_program *p, const zk_prove_opts *zo, char *line,
                           size_t size)
{
    vm_config cfg = {.max_cycles = zo->max_cycles, .input = zo->input,
                     .input_len = zo->input_len};
    vm_result *r = calloc(1, sizeof *r);
    uvm_err err = {{0}};
    int bad = 0;
    if (!r || vm_run(p, &cfg, r, &err)) {
        free(r);
        return 0; /* zk_prove reports it */
    }
    if (r->stop == VM_STOP_FAULT) {
        uvm_fault_line(p, r, line, size);
        bad = 1;
    } else if (r->code_stores) {
        snprintf(line, size, "pc 0x%08x: a store to 0x%08x writes the code segment (RWX): "
                 "not provable, the proof keeps code read-only", r->code_store_pc,
                 r->code_store_addr);
        bad = 1;
    }
    free(r);
    return bad;
}

/* The proof written by rank 0 under --mpi: into a temporary file beside path,
 * renamed into place, so no partial proof is ever at path. */
static int write_renamed(const char *path, const void *data, size_t len, uvm_err *err)
{
    if (!strcmp(path, "-"))
        return io_write_all(path, data, len, err);
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp)
        return uvm_errf(err, "%s: out of memory", path);
    snprintf(tmp, n, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        uvm_errf(err, "%s: %s", tmp, strerror(errno));
        free(tmp);
        return -1;
    }
    mode_t um = umask(0);
    umask(um);
    int rc = fchmod(fd, 0666 & ~um) ? uvm_errf(err, "%s: %s", tmp, strerror(errno)) : 0;
    close(fd);
    if (rc == 0 && io_write_all(tmp, data, len, err))
        rc = -1;
    if (rc == 0 && rename(tmp, path))
        rc = uvm_errf(err, "%s: %s", path, strerror(errno));
    if (rc)
        unlink(tmp);
    free(tmp);
    return rc;
}

/* The setup every rank does alike: reads the input and program, checks the
 * output path (rank 0 only: the only writer) and the run. 0, or the exit
 * status with line (the message) filled. */
static int prove_setup(const prove_opts *o, int writer, uint8_t **input, size_t *input_len,
                       uisa_program *p, zk_prove_opts *zo, char *line, size_t size)
{
    uvm_err err = {{0}};
    if ((writer && check_out_path(o->out, &err)) ||
        (o->input && io_read_all(o->input, MAX_FILE_BYTES, input, input_len, &err)) ||
        uvm_load_program(o->program, p, &err)) {
        snprintf(line, size, "%s", err.msg);
        return EXIT_UVM_ERROR;
    }
    *zo = zk_prove_opts_default();
    zo->input = *input;
    zo->input_len = *input_len;
    if (o->max_cycles_set)
        zo->max_cycles = o->max_cycles;
    if (o->seg_uops)
        zo->segment_uops = o->seg_uops;
    /* the CLI proves at the field's bar unless told otherwise (docs/security.md,
     * "Default set"); UVM_STARK_PARAMS (benchmarks) still replaces fast's numbers */
    const char *set = o->proof_size ? o->proof_size
                      : getenv("UVM_STARK_PARAMS") ? "fast" : UVM_DEFAULT_PROOF_SIZE;
    stark_params_named(set, &zo->params);
    char fault[320];
    if (check_run_first(p, zo, fault, sizeof fault)) {
        snprintf(line, size, "prove: %s; no proof written", fault);
        return 1;
    }
    return 0;
}

int uvm_cmd_prove(int argc, char **argv)
{
    prove_opts o = {0};
    int pr = parse_prove(argc, argv, &o);
    if (pr)
        return pr > 0 ? 0 : EXIT_UVM_ERROR;
    const char *ranks = getenv("OMPI_COMM_WORLD_SIZE");
    const char *me = getenv("OMPI_COMM_WORLD_RANK");
    if (!o.mpi && ranks && atoi(ranks) > 1) { /* K copies would each write the same file */
        if (!me || !strcmp(me, "0"))
            fprintf(stderr, "uvm: prove: running as one of %s MPI ranks: add --mpi to share the "
                "segments out (docs/mpi.md)\n", ranks);
        return EXIT_UVM_ERROR;
    }
    int rank = 0;
#ifdef UVM_HAVE_MPI
    uvm_mpi *mpi = NULL;
    if (o.mpi) {
        if (!(mpi = uvm_mpi_start(NULL, NULL)))
            return EXIT_UVM_ERROR;
        rank = uvm_mpi_rank(mpi);
    }
#define MPI_END() (mpi ? uvm_mpi_end(mpi) : (void)0)
#else
    if (o.mpi) {
        fprintf(stderr, "uvm: prove: --mpi: this uvm was built without Open MPI (install "
                "libopenmpi-dev and reconfigure: docs/mpi.md)\n");
        return EXIT_UVM_ERROR;
    }
#define MPI_END() ((void)0)
#endif
    uvm_err err = {{0}};
    uint8_t *input = NULL, *proof = NULL;
    size_t input_len = 0, len = 0;
    uisa_program p;
    memset(&p, 0, sizeof p);
    zk_prove_opts zo;
    char line[512];
    int code = prove_setup(&o, rank == 0, &input, &input_len, &p, &zo, line, sizeof line);
    int bad = code ? rank : -1;
#ifdef UVM_HAVE_MPI
    /* every rank goes on only if all could: a file missing on one host fails here */
    if (mpi && !uvm_mpi_agree(mpi, code == 0, &bad) && !code)
        code = 1;
#endif
    if (code) {
        if (rank == bad && rank == 0)
            fprintf(stderr, "uvm: %s\n", line);
        else if (rank == bad) /* rank 0 was fine: the line names the rank that was not */
            fprintf(stderr, "uvm: rank %d: %s\n", rank, line);
        uisa_program_free(&p);
        free(input);
        MPI_END();
        return code;
    }
    progress_ctx pc = {.t0 = now_s()};
    int tty = rank == 0 && (isatty(2) || o.progress);
    if (tty) {
        zo.progress = show_progress;
        zo.progress_ctx = &pc;
    }
#ifdef UVM_HAVE_MPI
    if (mpi) {
        pc.mpi = mpi;
        uvm_mpi_hooks(mpi, &zo);
    }
#endif
    zk_report rep;
    int rc = zk_prove(&p, &zo, &proof, &len, &rep, &err);
#ifdef UVM_HAVE_MPI
    if (mpi && rc && !uvm_mpi_same_everywhere(mpi))
        uvm_mpi_abort(mpi, err.msg); /* ends every rank */
    if (mpi && !rc && rank != 0) { /* its STARKs went to rank 0, which writes the proof */
        uisa_program_free(&p);
        free(input);
        zk_report_free(&rep);
        uvm_mpi_end(mpi);
        return 0;
    }
#endif
    stark_security sec;
    uvm_err serr = {{0}};
    int have_sec = !rc && !zk_security(&p, proof, len, &sec, &serr);
    uisa_program_free(&p);
    free(input);
    if (rc) {
        if (rank == 0)
            fprintf(stderr, "%suvm: prove: %s\n", tty ? "\r\033[K" : "", err.msg);
        MPI_END();
        return 1;
    }
    if ((o.mpi ? write_renamed : io_write_all)(o.out, proof, len, &err)) {
        fprintf(stderr, "uvm: %s\n", err.msg);
        free(proof);
        zk_report_free(&rep);
        MPI_END();
        return EXIT_UVM_ERROR;
    }
    free(proof);
    if (tty)
        fprintf(stderr, "uvm: prove: %" PRIu64 " instructions in %u segment%s; %.1f s; "
                "%zu-byte proof in %s\n", rep.insns, rep.n_seg, rep.n_seg == 1 ? "" : "s",
                rep.t_total, rep.proof_bytes, o.out);
    if (tty)
        fprintf(stderr, "uvm: prove: security: %s\n",
                have_sec ? stark_security_line(&sec, line, sizeof line) : serr.msg);
    int *seg_rank = NULL;
#ifdef UVM_HAVE_MPI
    if (mpi && (seg_rank = calloc(rep.n_seg ? rep.n_seg : 1, sizeof *seg_rank)))
        for (uint32_t i = 0; i < rep.n_seg; i++)
            seg_rank[i] = uvm_mpi_owner(mpi, i);
#endif
    if (o.json)
        print_prove_json(&rep, have_sec ? &sec : NULL, seg_rank);
    free(seg_rank);
    zk_report_free(&rep);
    MPI_END();
    return 0;
}
#undef MPI_END

typedef struct verify_opts {
    const char *proof, *program, *elf;
    stark_policy pol;
    xl_options xl;
} verify_opts;

/* The xlate options verify accepts (those that change the translation). */
static int parse_xl(int argc, char **argv, int *i, xl_options *x)
{
    const char *s = argv[*i];
    if (!strcmp(s, "-O0") || !strcmp(s, "-O1") || !strcmp(s, "-O2")) {
        x->level = s[2] - '0';
        x->fuse = x->level >= 1;
        x->native = x->level >= 2;
    } else if (!strcmp(s, "--native")) {
        x->native = 1;
    } else if (!strcmp(s, "--no-native")) {
        x->native = 0;
    } else if (!strcmp(s, "--no-fuse")) {
        x->fuse = 0;
    } else if (!strcmp(s, "--hints") && *i + 1 < argc) {
        x->hints_path = argv[++*i];
    } else if (!strcmp(s, "--blocks") && *i + 1 < argc) {
        x->blocks_name = argv[++*i]; /* read in verify_program */
    } else {
        return 0;
    }
    return 1;
}

/* Returns 0 to verify, 1 after --help, -1 on a usage error (message printed). */
static int parse_verify(int argc, char **argv, verify_opts *o)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        int has_next = i + 1 < argc;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(verify_usage, stdout);
            return 1;
        } else if (!strcmp(a, "--program") && has_next) {
            o->program = argv[++i];
        } else if (!strcmp(a, "--elf") && has_next) {
            o->elf = argv[++i];
        } else if (!strcmp(a, "--min-security") && has_next) {
            if (stark_regime_parse(argv[++i], &o->pol.regime, &o->pol.min_security_bits)) {
                fprintf(stderr, "uvm: --min-security: bad value %s (expected [ud|johnson|conjectured:]BITS, "
                        "BITS <= 256)\n", argv[i]);
                return -1;
            }
        } else if (parse_xl(argc, argv, &i, &o->xl)) {
            continue;
        } else if (a[0] == '-' || o->proof) {
            fprintf(stderr, "uvm: verify: unexpected argument %s (see uvm verify --help)\n", a);
            return -1;
        } else {
            o->proof = a;
        }
    }
    if (!o->proof || (!o->program && !o->elf)) {
        fputs(verify_usage, stderr);
        return -1;
    }
    return 0;
}

/* The program to check against: the .uisa, or the ELF translated again (then
 * a given .uisa must name the same ELF in its header). */
static int verify_program(const verify_opts *o, uisa_program *p, uvm_err *err)
{
    if (!o->elf)
        return uvm_load_program(o->program, p, err);
    uint8_t *elf, *bl = NULL;
    size_t len, bl_len = 0;
    xl_block_list blocks = {0};
    xl_options x = o->xl;
    x.name = o->elf;
    if (x.blocks_name &&
        (io_read_all(x.blocks_name, 16u << 20, &bl, &bl_len, err) ||
         xl_block_list_parse((const char *)bl, bl_len, x.blocks_name, &blocks, err))) {
        free(bl);
        return -1;
    }
    free(bl);
    x.blocks = x.blocks_name ? &blocks : NULL;
    if (io_read_all(o->elf, XL_MAX_ELF_BYTES, &elf, &len, err)) {
        xl_block_list_free(&blocks);
        return -1;
    }
    int rc = xl_translate(elf, len, &x, p, err);
    xl_block_list_free(&blocks);
    uint8_t h[32];
    sha256(elf, len, h);
    free(elf);
    if (rc || !o->program)
        return rc;
    uisa_program u;
    memset(&u, 0, sizeof u);
    if (uvm_load_program(o->program, &u, err))
        rc = -1;
    else if (memcmp(u.elf_hash, h, 32))
        rc = uvm_errf(err, "%s was not translated from %s (ELF hash differs)", o->program,
                      o->elf);
    uisa_program_free(&u);
    if (rc)
        uisa_program_free(p);
    return rc;
}

static void put_hex(const uint8_t *h)
{
    for (int i = 0; i < 32; i++)
        fprintf(stderr, "%02x", h[i]);
}

/* What was proved, one line each: the program (its table digest, and the
 * translation it records), the input, the proof's identity. */
static void print_statement(const zk_claim *cl)
{
    fputs("uvm: verify: program sha256 ", stderr);
    put_hex(cl->prog_digest);
    fputs(" (ELF sha256 ", stderr);
    put_hex(cl->elf_hash);
    fprintf(stderr, ", -O%" PRIu32 "%s%s", cl->level, cl->flags & UISA_FLAG_FUSED ? ", fused" : "",
            cl->flags & UISA_FLAG_NATIVE ? ", native ops, hints sha256 " : "");
    if (cl->flags & UISA_FLAG_NATIVE)
        put_hex(cl->hints_hash);
    fputs(")\nuvm: verify: input sha256 ", stderr);
    put_hex(cl->input_hash);
    fprintf(stderr, " (%" PRIu32 " bytes, %" PRIu32 " read), output %zu bytes\n", cl->input_len,
            cl->input_used, cl->output_len);
    fputs("uvm: verify: proof id ", stderr);
    put_hex(cl->proof_id);
    fputc('\n', stderr);
}

int uvm_cmd_verify(int argc, char **argv)
{
    verify_opts o = {.pol = stark_policy_default()};
    o.pol.regime = STARK_REGIME_JOHNSON; /* the CLI's default: the field's bar */
    o.pol.min_security_bits = 128;
    int pr = parse_verify(argc, argv, &o);
    if (pr)
        return pr > 0 ? 0 : EXIT_UVM_ERROR;
    uvm_err err = {{0}};
    uisa_program p;
    memset(&p, 0, sizeof p);
    uint8_t *proof = NULL;
    size_t len = 0;
    if (verify_program(&o, &p, &err) ||
        io_read_all(o.proof, MAX_FILE_BYTES, &proof, &len, &err)) {
        fprintf(stderr, "uvm: %s\n", err.msg);
        uisa_program_free(&p);
        return EXIT_UVM_ERROR;
    }
    zk_claim cl;
    int rc = zk_verify_policy(&p, proof, len, &o.pol, &cl, &err);
    stark_security sec;
    char line[512];
    if (!rc && zk_security(&p, proof, len, &sec, &err))
        snprintf(line, sizeof line, "%s", err.msg);
    else if (!rc)
        stark_security_line(&sec, line, sizeof line);
    uisa_program_free(&p);
    free(proof);
    if (rc) {
        fprintf(stderr, "uvm: verify: %s: %s\n", o.proof, err.msg);
        return 1;
    }
    fwrite(cl.output, 1, cl.output_len, stdout);
    fflush(stdout);
    print_statement(&cl);
    fprintf(stderr, "uvm: verify: security: %s\n", line);
    /* the exit code stays the line's last word (tools/speedup reads it there) */
    fprintf(stderr, "uvm: verify: proof accepted (%" PRIu64 " steps, %" PRIu32 " segment%s): "
            "exit code %" PRIu32 "\n", cl.steps, cl.n_seg, cl.n_seg == 1 ? "" : "s",
            cl.exit_code);
    zk_claim_free(&cl);
    return 0;
}
