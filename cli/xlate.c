/* xlate.c — the translator's command line: ELF in, .uisa (or a listing) out.
 * Thin: parsing arguments and printing the library's one-line errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "blocks.h"
#include "hintcheck.h"
#include "io.h"
#include "native.h"
#include "profile.h"
#include "uisa.h"
#include "xlate.h"

#include "xl_prover_facts.h"

static void usage(FILE *f)
{
    fputs("usage: xlate [-O0|-O1|-O2] [-o OUT] [--list] [--strict] [--quiet-traps] [--no-compress] ELF|-\n"
          "  translates an RV32IMAC ELF executable into a .uisa program\n"
          "  -O0                  base uops only, 1:1 with RISC-V (the default)\n"
          "  -O1                  fused uops for common RISC-V sequences (docs/fusion.md)\n"
          "  -O2                  -O1 plus native ops for hinted functions (docs/hints.md)\n"
          "  --no-fuse            no fused uops (so -O2 --no-fuse = -O0 --native)\n"
          "  --no-native          no native ops (so -O2 --no-native = -O1)\n"
          "  -o OUT               write the .uisa to OUT (default: stdout, never a terminal)\n"
          "  --list               print each RISC-V instruction beside its uop to stdout\n"
          "  --strict             refuse a word that cannot be translated (illegal, or outside\n"
          "                       RV32IMAC) instead of making it a trapping uop\n"
          "  --quiet-traps        no note on stderr about such words (by default one line\n"
          "                       says how many there are and where the first is; each\n"
          "                       faults only if executed, as on hardware and qemu)\n"
          "  --allow-unsupported  the default (trapping uops); kept for old scripts\n"
          "  --no-compress        store the .uisa body without zstd\n"
          "  --native             replace hinted functions by native uops (hints: UISA_NATIVE()\n"
          "                       annotations in the ELF, plus --hints FILE; see docs/hints.md)\n"
          "  --hints FILE         more hints, one 'OP SYMBOL|0xADDRESS' per line ('#' comments)\n"
          "  --check-hints        run every hinted function as RISC-V and as its native op on\n"
          "                       random inputs; refuse the translation on any difference\n"
          "                       (on by default with native ops; says how many were checked)\n"
          "  --no-check-hints     trust the hints: skip that check\n"
          "  --suggest-hints      print a hints file of the functions that pass the hint check\n"
          "                       as a native op (found by rules and by behaviour) and exit\n"
          "  --blocks FILE        BLOCK uops at the blocks FILE lists ('PC COUNT' per line, '#'\n"
          "                       comments; docs/blocks.md); fusion stays outside them\n"
          "  --suggest-blocks     run the guest on --input with the profiler, choose basic\n"
          "                       blocks by the cost model, print a block list and exit\n"
          "  --input IN           the guest's input for --suggest-blocks (default: none)\n"
          "  --block-columns N    the block chips' column budget for --suggest-blocks\n"
          "                       (default 2000)\n", f);
}

#define CHECK_TRIALS 64

#define DEFAULT_BLOCK_COLUMNS 2000u
#define MAX_BLOCKS_BYTES (16u << 20)
#define MAX_INPUT_BYTES (1u << 30)
#define SUGGEST_BLOCK_CYCLES 20000000000ull /* a profile run longer than this is not a guest */

typedef struct args {
    const char *in, *out;
    const char *blocks_path, *input_path;
    uint32_t block_columns;
    int list, compress, suggest_hints, suggest_blocks, quiet_traps;
    int check_hints; /* 1 --check-hints, -1 --no-check-hints, 0 default (check if native) */
    xl_options opt;
} args;

static int parse(int argc, char **argv, args *a)
{
    a->compress = 1;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (!strcmp(s, "-O0") || !strcmp(s, "-O1") || !strcmp(s, "-O2")) {
            a->opt.level = s[2] - '0';
            a->opt.fuse = a->opt.level >= 1;
            a->opt.native = a->opt.level >= 2;
        } else if (!strncmp(s, "-O", 2)) {
            fprintf(stderr, "xlate: %s: no such level (-O0, -O1 or -O2)\n", s);
            return -1;
        } else if (!strcmp(s, "--native")) {
            a->opt.native = 1;
        } else if (!strcmp(s, "--no-native")) {
            a->opt.native = 0;
        } else if (!strcmp(s, "--no-fuse")) {
            a->opt.fuse = 0;
        } else if (!strcmp(s, "--hints")) {
            if (++i == argc) {
                fputs("xlate: --hints needs a file name\n", stderr);
                return -1;
            }
            a->opt.hints_path = argv[i];
        } else if (!strcmp(s, "-o")) {
            if (++i == argc) {
                fputs("xlate: -o needs a file name\n", stderr);
                return -1;
            }
            a->out = argv[i];
        } else if (!strcmp(s, "--list")) {
            a->list = 1;
        } else if (!strcmp(s, "--allow-unsupported")) {
            a->opt.strict = 0; /* today's default; the flag predates it */
        } else if (!strcmp(s, "--strict")) {
            a->opt.strict = 1;
        } else if (!strcmp(s, "--quiet-traps")) {
            a->quiet_traps = 1;
        } else if (!strcmp(s, "--check-hints")) {
            a->check_hints = 1;
        } else if (!strcmp(s, "--no-check-hints")) {
            a->check_hints = -1;
        } else if (!strcmp(s, "--suggest-hints")) {
            a->suggest_hints = 1;
        } else if (!strcmp(s, "--suggest-blocks")) {
            a->suggest_blocks = 1;
        } else if (!strcmp(s, "--blocks") || !strcmp(s, "--input")) {
            if (++i == argc) {
                fprintf(stderr, "xlate: %s needs a file name\n", s);
                return -1;
            }
            *(s[2] == 'b' ? &a->blocks_path : &a->input_path) = argv[i];
        } else if (!strcmp(s, "--block-columns")) {
            char *end = NULL;
            unsigned long v = ++i < argc ? strtoul(argv[i], &end, 10) : 0;
            if (i == argc || !end || *end || argv[i][0] == '-' || v == 0 || v > 1000000) {
                fputs("xlate: --block-columns needs a number of columns (1..1000000)\n", stderr);
                return -1;
            }
            a->block_columns = (uint32_t)v;
        } else if (!strcmp(s, "--no-compress")) {
            a->compress = 0;
        } else if (!strcmp(s, "-h") || !strcmp(s, "--help")) {
            usage(stdout);
            exit(0);
        } else if (s[0] == '-' && s[1]) {
            fprintf(stderr, "xlate: unknown option %s\n", s);
            usage(stderr);
            return -1;
        } else if (a->in) {
            fprintf(stderr, "xlate: more than one input (%s, %s)\n", a->in, s);
            return -1;
        } else {
            a->in = s;
        }
    }
    if (!a->in) {
        usage(stderr);
        return -1;
    }
    if (a->suggest_blocks && a->blocks_path) {
        fputs("xlate: --suggest-blocks makes a block list; it takes no --blocks\n", stderr);
        return -1;
    }
    if ((a->input_path || a->block_columns) && !a->suggest_blocks) {
        fputs("xlate: --input and --block-columns go with --suggest-blocks\n", stderr);
        return -1;
    }
    if (!a->block_columns)
        a->block_columns = DEFAULT_BLOCK_COLUMNS;
    if (a->check_hints == 1 && !a->opt.native) {
        fputs("xlate: --check-hints needs --native or -O2\n", stderr);
        return -1;
    }
    return 0;
}

/* Hint checking (on by default with native ops, so a wrong hint never silently
 * changes a program's output): the -O0 translation against the same with native
 * ops (no fusion, so a difference can only come from a hint). */
static int check_hints(const uint8_t *elf, size_t len, const xl_options *opt, int verbose,
                       uvm_err *err)
{
    xl_options o = *opt;
    o.fuse = 0, o.native = 0, o.blocks = NULL;
    uisa_program base, nat;
    if (xl_translate(elf, len, &o, &base, err))
        return -1;
    o.native = 1;
    if (xl_translate(elf, len, &o, &nat, err)) {
        uisa_program_free(&base);
        return -1;
    }
    int n = hc_check_hints(&base, &nat, CHECK_TRIALS, err);
    if (verbose && n >= 0)
        fprintf(stderr, "xlate: %s: %d hint%s checked (%d random inputs each)\n", opt->name, n,
                n == 1 ? "" : "s", CHECK_TRIALS);
    uisa_program_free(&base);
    uisa_program_free(&nat);
    return n < 0 ? uvm_err_prefix(err, "%s", opt->name) : 0;
}

/* Discovery's cycle limit per run for behaviour candidates: generous for the
 * ops' -O0 bodies (keccak-f, the costliest, takes about 52,000 uops in the gcc
 * corpus), small enough that a function which does not return costs little. A
 * candidate cut short is rejected, never accepted (hintcheck.h). */
#define SUGGEST_CYCLES 2000000u

static int suggest_check(void *ctx, uint32_t addr, int uop, int32_t *limbs, int thorough,
                         uvm_err *why)
{
    return hc_check_candidate(ctx, addr, uop, limbs, CHECK_TRIALS,
                              thorough ? HC_MAX_CYCLES : SUGGEST_CYCLES, why);
}

/* --suggest-hints: discovery on the plain -O0 translation, every candidate
 * through the hint checker's trials (the same -O2 runs). */
static int suggest(args *a)
{
    uvm_err err = {{0}};
    uint8_t *elf = NULL;
    size_t elf_len = 0;
    uisa_program p;
    xl_options o = a->opt;
    o.fuse = o.native = 0, o.hints_path = NULL;
    o.name = strcmp(a->in, "-") ? a->in : "<stdin>";
    if (io_read_all(a->in, XL_MAX_ELF_BYTES, &elf, &elf_len, &err) ||
        xl_translate(elf, elf_len, &o, &p, &err)) {
        fprintf(stderr, "xlate: %s\n", err.msg);
        free(elf);
        return 1;
    }
    free(elf);
    int n = xl_suggest_hints(&p, o.name, suggest_check, &p, stdout, &err);
    uisa_program_free(&p);
    if (n < 0) {
        fprintf(stderr, "xlate: %s\n", err.msg);
        return 1;
    }
    return 0;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Profiles p on the input: counts[slot] of a run that must exit. */
static int profile(const uisa_program *p, const char *input_path, uint64_t *counts, uvm_err *err)
{
    uint8_t *in = NULL;
    size_t in_len = 0;
    if (input_path && io_read_all(input_path, MAX_INPUT_BYTES, &in, &in_len, err))
        return -1;
    vm_config cfg = {.input = in, .input_len = in_len, .max_cycles = SUGGEST_BLOCK_CYCLES};
    vm_result res;
    int rc = vm_profile_run(p, &cfg, counts, &res, err);
    free(in);
    if (!rc && res.stop != VM_STOP_EXIT)
        rc = uvm_errf(err, "the profile run did not exit: %s at pc 0x%08x: %s",
                      vm_stop_name(res.stop), res.pc, res.msg);
    return rc;
}

/* --suggest-blocks: the program as --blocks would see it (native ops as the
 * options say, no fusion), profiled on the input, blocks chosen by the cost
 * model with the prover's widths (xl_prover_facts.h). */
static int suggest_blocks(args *a)
{
    uvm_err err = {{0}};
    uint8_t *elf = NULL, *hints = NULL;
    size_t elf_len = 0;
    uisa_program p = {0};
    uint64_t *counts = NULL;
    xl_options o = a->opt;
    o.fuse = 0, o.blocks = NULL;
    o.name = strcmp(a->in, "-") ? a->in : "<stdin>";
    double t0 = now(), t1 = t0;
    int rc = (o.native && o.hints_path &&
              io_read_all(o.hints_path, XL_MAX_HINTS_BYTES, &hints, &o.hints_len, &err)) ||
             io_read_all(a->in, XL_MAX_ELF_BYTES, &elf, &elf_len, &err);
    o.hints_text = (const char *)hints;
    if (!rc)
        rc = xl_translate(elf, elf_len, &o, &p, &err);
    if (!rc && !(counts = calloc(p.n_slots ? p.n_slots : 1, sizeof *counts)))
        rc = uvm_errf(&err, "out of memory for the profile");
    if (!rc && (rc = profile(&p, a->input_path, counts, &err)))
        uvm_err_prefix(&err, "%s", o.name);
    xl_suggest_stats st;
    if (!rc) {
        t1 = now();
        rc = xl_suggest_blocks(&p, counts, &xl_prover_facts, a->block_columns, stdout, &st, &err);
    }
    if (!rc)
        fprintf(stderr, "xlate: %s: %u blocks chosen of %u, covering %.1f%% of %llu instructions; "
                "profile %.2f s, choice %.3f s\n", o.name, st.chosen, st.candidates,
                st.insns ? 100.0 * (double)st.covered / (double)st.insns : 0.0,
                (unsigned long long)st.insns, t1 - t0, now() - t1);
    else
        fprintf(stderr, "xlate: %s\n", err.msg);
    free(elf), free(hints), free(counts);
    uisa_program_free(&p);
    return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
    args a = {0};
    if (parse(argc, argv, &a))
        return 2;
    if (a.suggest_hints)
        return suggest(&a);
    if (a.suggest_blocks)
        return suggest_blocks(&a);
    int to_stdout = !a.list && (!a.out || !strcmp(a.out, "-"));
    if (to_stdout && isatty(STDOUT_FILENO)) {
        fputs("xlate: refusing to write a binary .uisa to a terminal: use -o FILE or a pipe\n",
              stderr);
        return 2;
    }
    uvm_err err = {{0}};
    uint8_t *elf = NULL, *bin = NULL, *hints = NULL, *btext = NULL;
    size_t elf_len = 0, bin_len = 0, btext_len = 0;
    uisa_program p;
    xl_block_list blocks = {0};
    a.opt.name = strcmp(a.in, "-") ? a.in : "<stdin>";
    if (a.blocks_path &&
        (io_read_all(a.blocks_path, MAX_BLOCKS_BYTES, &btext, &btext_len, &err) ||
         xl_block_list_parse((const char *)btext, btext_len, a.blocks_path, &blocks, &err))) {
        fprintf(stderr, "xlate: %s\n", err.msg);
        free(btext);
        return 1;
    }
    free(btext);
    a.opt.blocks = a.blocks_path ? &blocks : NULL;
    a.opt.blocks_name = a.blocks_path;
    /* every input is read once: the hint check and the translation must see
     * the same hints, and a pipe or FIFO cannot be opened twice */
    if ((a.opt.native && a.opt.hints_path &&
         io_read_all(a.opt.hints_path, XL_MAX_HINTS_BYTES, &hints, &a.opt.hints_len, &err)) ||
        io_read_all(a.in, XL_MAX_ELF_BYTES, &elf, &elf_len, &err)) {
        fprintf(stderr, "xlate: %s\n", err.msg);
        free(hints);
        xl_block_list_free(&blocks);
        return 1;
    }
    a.opt.hints_text = (const char *)hints; /* NULL unless read above */
    if ((a.opt.native && a.check_hints >= 0 &&
         check_hints(elf, elf_len, &a.opt, a.check_hints == 1, &err)) ||
        xl_translate(elf, elf_len, &a.opt, &p, &err)) {
        fprintf(stderr, "xlate: %s\n", err.msg);
        free(elf);
        free(hints);
        xl_block_list_free(&blocks);
        return 1;
    }
    free(elf);
    free(hints);
    xl_block_list_free(&blocks);
    uint32_t first = 0, traps = xl_count_traps(&p, &first);
    if (traps && !a.quiet_traps)
        fprintf(stderr, "xlate: %s: note: %u word%s cannot be translated (first at pc 0x%08x) and "
                "fault%s only if executed; --strict refuses them, --quiet-traps hides this\n",
                a.opt.name, traps, traps == 1 ? "" : "s", first, traps == 1 ? "s" : "");
    int rc = 0;
    if (a.list && xl_list(&p, stdout)) {
        fputs("xlate: error writing the listing\n", stderr);
        rc = 1;
    }
    if (!rc && (!a.list || a.out)) {
        if (uisa_save(&p, a.compress, &bin, &bin_len, &err) ||
            io_write_all(a.out ? a.out : "-", bin, bin_len, &err)) {
            fprintf(stderr, "xlate: %s\n", err.msg);
            rc = 1;
        }
    }
    free(bin);
    uisa_program_free(&p);
    return rc;
}
