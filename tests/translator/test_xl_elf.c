/* test_xl_elf.c — the translator end to end on real guest ELFs (built by
 * meson with the RISC-V cross compiler) and on bad input: not an ELF, ELF64,
 * x86, truncated at every length, PIE, unsupported and illegal words, random
 * corruption. Every error is one line naming the file and the problem. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "io.h"
#include "uisa.h"
#include "xlate.h"

enum { G_IMAC, G_IM, G_STRIPPED, G_RV64, G_FLW, G_ILLEGAL, G_PAD, XLATE_EXE, N_ARGS };
static const char *paths[N_ARGS];

typedef struct blob {
    uint8_t *d;
    size_t n;
} blob;

static blob readf(const char *path)
{
    blob b;
    uvm_err err;
    if (io_read_all(path, 1 << 26, &b.d, &b.n, &err))
        fail_msg("%s", err.msg);
    return b;
}

static int xlate(const blob *b, int allow, uisa_program *p, uvm_err *err)
{
    xl_options o = {.level = 0, .strict = !allow, .name = "guest.elf"};
    return xl_translate(b->d, b->n, &o, p, err);
}

static void must_fail(const blob *b, int allow, const char *k1, const char *k2)
{
    uisa_program p;
    uvm_err err = {{0}};
    if (xlate(b, allow, &p, &err) == 0)
        fail_msg("accepted bad input (%zu bytes); expected \"%s\"", b->n, k1);
    assert_null(p.slots);
    assert_null(strchr(err.msg, '\n'));
    assert_int_equal(strncmp(err.msg, "guest.elf: ", 11), 0);
    if ((k1 && !strstr(err.msg, k1)) || (k2 && !strstr(err.msg, k2)))
        fail_msg("error \"%s\" lacks \"%s\" / \"%s\"", err.msg, k1, k2 ? k2 : "");
}

static char *listing(const uisa_program *p)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_int_equal(xl_list(p, f), 0);
    fclose(f);
    return buf;
}

static void test_translate_guests(void **state)
{
    (void)state;
    for (int g = G_IMAC; g <= G_IM; g++) {
        blob b = readf(paths[g]);
        uisa_program p, q;
        uvm_err err = {{0}};
        if (xlate(&b, 0, &p, &err))
            fail_msg("%s", err.msg);
        Elf32_Ehdr eh;
        memcpy(&eh, b.d, sizeof eh);
        assert_int_equal(p.entry, eh.e_entry);
        assert_int_equal(p.slot_shift, g == G_IMAC ? 1 : 2);
        assert_int_equal(p.flags, g == G_IMAC ? UISA_FLAG_RVC : 0);
        assert_int_equal(p.code_base, 0x10000);
        assert_true(p.n_symbols >= 3);
        const uisa_uop *e = uisa_slot(&p, p.entry);
        assert_non_null(e);
        assert_int_not_equal(e->op, UOP_TRAP);
        /* a deterministic function of the ELF, and the container round-trips it */
        uint8_t *s1, *s2, *s3;
        size_t n1, n2, n3;
        assert_int_equal(xlate(&b, 0, &q, &err), 0);
        assert_int_equal(uisa_save(&p, 1, &s1, &n1, &err), 0);
        assert_int_equal(uisa_save(&q, 1, &s2, &n2, &err), 0);
        assert_int_equal(n1, n2);
        assert_memory_equal(s1, s2, n1);
        uisa_program_free(&q);
        assert_int_equal(uisa_load(s1, n1, &q, &err), 0);
        assert_int_equal(uisa_save(&q, 1, &s3, &n3, &err), 0);
        assert_int_equal(n1, n3);
        assert_memory_equal(s1, s3, n1);
        char *l = listing(&p);
        assert_non_null(strstr(l, "<_start>:"));
        assert_non_null(strstr(l, "ecall"));
        assert_non_null(strstr(l, "-> "));
        free(l), free(s1), free(s2), free(s3), free(b.d);
        uisa_program_free(&p);
        uisa_program_free(&q);
    }
}

/* Stripping removes symbols and sections but not a single uop. */
static void test_stripped_same_code(void **state)
{
    (void)state;
    blob a = readf(paths[G_IMAC]), b = readf(paths[G_STRIPPED]);
    uisa_program p, q;
    uvm_err err = {{0}};
    assert_int_equal(xlate(&a, 0, &p, &err), 0);
    if (xlate(&b, 0, &q, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(q.n_symbols, 0);
    assert_int_equal(p.entry, q.entry);
    assert_int_equal(p.code_base, q.code_base);
    assert_int_equal(p.n_slots, q.n_slots);
    assert_memory_equal(p.slots, q.slots, p.n_slots * sizeof *p.slots);
    char *l = listing(&q);
    assert_non_null(strstr(l, "ecall"));
    free(l), free(a.d), free(b.d);
    uisa_program_free(&p);
    uisa_program_free(&q);
}

static void test_unsupported_and_illegal(void **state)
{
    (void)state;
    blob f = readf(paths[G_FLW]), i = readf(paths[G_ILLEGAL]);
    /* flw ft0, 0(a0): imm 0, rs1 10, funct3 2, rd 0, opcode 0x07 */
    must_fail(&f, 0, "pc 0x00010004: unsupported instruction 0x00052007 (flw, F extension)", NULL);
    must_fail(&i, 0, "pc 0x00010004: illegal instruction 0xffffffff", NULL);
    uisa_program p;
    uvm_err err = {{0}};
    assert_int_equal(xlate(&f, 1, &p, &err), 0);
    const uisa_uop *u = uisa_slot(&p, 0x10004);
    assert_int_equal(u->op, UOP_TRAP);
    assert_int_equal(u->imm, TRAP_UNSUPPORTED);
    assert_int_equal((uint32_t)u->imm2, 0x00052007u);
    assert_int_equal(uisa_slot(&p, 0x10000)->op, UOP_ADDI);
    uisa_program_free(&p);
    assert_int_equal(xlate(&i, 1, &p, &err), 0);
    u = uisa_slot(&p, 0x10004);
    assert_int_equal(u->imm, TRAP_ILLEGAL);
    assert_int_equal((uint32_t)u->imm2, 0xffffffffu);
    uisa_program_free(&p);
    free(f.d), free(i.d);
}

static void test_zero_padding_translates(void **state)
{
    (void)state;
    blob b = readf(paths[G_PAD]);
    uisa_program p;
    uvm_err err = {{0}};
    if (xlate(&b, 0, &p, &err))
        fail_msg("%s", err.msg);
    int pads = 0;
    for (uint32_t k = 0; k < p.n_slots; k++)
        if (p.slots[k].op == UOP_TRAP && p.slots[k].imm == TRAP_ILLEGAL && p.raw[k] == 0 &&
            p.slots[k].len)
            pads++;
    assert_true(pads >= 4);
    char *l = listing(&p);
    assert_non_null(strstr(l, "zero padding"));
    free(l), free(b.d);
    uisa_program_free(&p);
}

static void test_not_riscv32(void **state)
{
    (void)state;
    blob text = {(uint8_t *)"hello, not an ELF", 17}, empty = {(uint8_t *)"", 0};
    must_fail(&text, 0, "not an ELF", NULL);
    must_fail(&empty, 0, "not an ELF", NULL);
    blob r64 = readf(paths[G_RV64]), x86 = readf("/bin/true");
    must_fail(&r64, 0, "ELF64", NULL);
    must_fail(&x86, 0, "x86", "not RISC-V");
    free(r64.d), free(x86.d);
}

static void patched(size_t off, const void *v, size_t n, const char *k1, const char *k2)
{
    blob b = readf(paths[G_IMAC]);
    memcpy(b.d + off, v, n);
    must_fail(&b, 0, k1, k2);
    free(b.d);
}

static void test_patched_headers(void **state)
{
    (void)state;
    uint16_t dyn = ET_DYN, rel = ET_REL, x86 = EM_X86_64;
    uint32_t entry = 0x5, shoff = 0x7ffffff0;
    patched(offsetof(Elf32_Ehdr, e_type), &dyn, 2, "ET_DYN", "no-pie");
    patched(offsetof(Elf32_Ehdr, e_type), &rel, 2, "not an executable", NULL);
    patched(offsetof(Elf32_Ehdr, e_machine), &x86, 2, "machine 62", "not RISC-V");
    patched(offsetof(Elf32_Ehdr, e_entry), &entry, 4, "entry point 0x00000005", NULL);
    patched(offsetof(Elf32_Ehdr, e_shoff), &shoff, 4, "section headers", "truncated");
    uint8_t be = ELFDATA2MSB;
    patched(EI_DATA, &be, 1, "big-endian", NULL);
    /* no PT_LOAD: turn every program header into PT_NULL */
    blob b = readf(paths[G_IMAC]);
    Elf32_Ehdr eh;
    memcpy(&eh, b.d, sizeof eh);
    for (unsigned i = 0; i < eh.e_phnum; i++)
        memset(b.d + eh.e_phoff + i * sizeof(Elf32_Phdr), 0, 4);
    must_fail(&b, 0, "no PT_LOAD", NULL);
    free(b.d);
}

/* A symbol table whose entries are not 16 bytes: named as such (libelf itself
 * reports "no error" here). */
static void test_bad_symtab(void **state)
{
    (void)state;
    blob b = readf(paths[G_IMAC]);
    Elf32_Ehdr eh;
    memcpy(&eh, b.d, sizeof eh);
    int found = 0;
    for (unsigned i = 0; i < eh.e_shnum; i++) {
        Elf32_Shdr sh;
        size_t at = eh.e_shoff + i * sizeof sh;
        memcpy(&sh, b.d + at, sizeof sh);
        if (sh.sh_type != SHT_SYMTAB)
            continue;
        sh.sh_entsize = 7;
        memcpy(b.d + at, &sh, sizeof sh);
        found = 1;
    }
    assert_true(found);
    must_fail(&b, 0, "unreadable symbol table: entry size 7 (ELF32 symbols are 16 bytes)", NULL);
    free(b.d);
}

/* Cut at every length: each must fail with a message (never crash). */
static void test_truncated_every_length(void **state)
{
    (void)state;
    blob b = readf(paths[G_IMAC]);
    Elf32_Ehdr eh;
    memcpy(&eh, b.d, sizeof eh);
    for (size_t n = 0; n < b.n; n++) {
        blob t = {b.d, n};
        const char *k = n < 4 ? "not an ELF" : "truncated";
        must_fail(&t, 0, k, NULL);
    }
    /* the load segment data is the part named when the cut falls inside it */
    Elf32_Phdr ph;
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        memcpy(&ph, b.d + eh.e_phoff + i * sizeof ph, sizeof ph);
        if (ph.p_type == PT_LOAD && ph.p_filesz > 8) {
            blob t = {b.d, ph.p_offset + ph.p_filesz / 2};
            must_fail(&t, 0, "truncated", "PT_LOAD segment");
        }
    }
    free(b.d);
}

/* Random corruption: success or a one-line error, never a crash or hang. */
static void test_random_corruption(void **state)
{
    (void)state;
    blob b = readf(paths[G_IMAC]);
    uint64_t s = 88172645463325252ull;
    int ok = 0;
    for (int it = 0; it < 3000; it++) {
        blob c = {malloc(b.n), b.n};
        memcpy(c.d, b.d, b.n);
        for (int k = 0; k < 1 + it % 4; k++) {
            s ^= s << 13, s ^= s >> 7, s ^= s << 17;
            c.d[(s >> 20) % (it % 2 ? 128 : b.n)] ^= (uint8_t)(s | 1);
        }
        uisa_program p;
        uvm_err err = {{0}};
        if (xlate(&c, it % 3 == 0, &p, &err) == 0) {
            ok++;
            uisa_program_free(&p);
        } else {
            assert_true(strlen(err.msg) > 11 && !strchr(err.msg, '\n'));
            if (strstr(err.msg, "no error")) /* libelf's word when it has none: say what is wrong */
                fail_msg("%s", err.msg);
        }
        free(c.d);
    }
    print_message("random corruption: %d of 3000 still translate\n", ok);
    free(b.d);
}

static int run(const char *cmd, char *out, size_t n)
{
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    size_t got = fread(out, 1, n - 1, f);
    out[got] = 0;
    int st = pclose(f);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_cli(void **state)
{
    (void)state;
    char cmd[4096], out[1 << 16];
    /* an untranslatable word: a one-line note by default, silenced, or refused with --strict */
    snprintf(cmd, sizeof cmd, "'%s' -o /dev/null '%s' 2>&1", paths[XLATE_EXE], paths[G_FLW]);
    assert_int_equal(run(cmd, out, sizeof out), 0);
    if (!strstr(out, "xlate: ") || !strstr(out, ": note: 1 word cannot be translated (first at "
                                                 "pc 0x00010004)") || strchr(out, '\n') != strrchr(out, '\n'))
        fail_msg("unexpected: %s", out);
    snprintf(cmd, sizeof cmd, "'%s' --quiet-traps -o /dev/null '%s' 2>&1", paths[XLATE_EXE],
             paths[G_FLW]);
    assert_int_equal(run(cmd, out, sizeof out), 0);
    assert_string_equal(out, "");
    snprintf(cmd, sizeof cmd, "'%s' --strict -o /dev/null '%s' 2>&1", paths[XLATE_EXE], paths[G_FLW]);
    assert_int_equal(run(cmd, out, sizeof out), 1);
    if (!strstr(out, "xlate: ") || !strstr(out, ": pc 0x00010004: unsupported instruction "
                                                 "0x00052007 (flw, F extension)\n"))
        fail_msg("unexpected: %s", out);
    snprintf(cmd, sizeof cmd, "'%s' -O3 '%s' 2>&1", paths[XLATE_EXE], paths[G_IMAC]);
    assert_int_not_equal(run(cmd, out, sizeof out), 0);
    assert_non_null(strstr(out, "-O3: no such level"));
    snprintf(cmd, sizeof cmd, "'%s' --list '%s'", paths[XLATE_EXE], paths[G_IMAC]);
    assert_int_equal(run(cmd, out, sizeof out), 0);
    assert_non_null(strstr(out, "<_start>:"));
    snprintf(cmd, sizeof cmd, "'%s' -O0 - < '%s'", paths[XLATE_EXE], paths[G_IMAC]);
    static uint8_t bin[1 << 16];
    FILE *f = popen(cmd, "r");
    size_t n = fread(bin, 1, sizeof bin, f);
    assert_int_equal(pclose(f), 0);
    uisa_program p;
    uvm_err err = {{0}};
    if (uisa_load(bin, n, &p, &err))
        fail_msg("%s", err.msg);
    uisa_program_free(&p);
}

/* With stdout on a terminal, xlate must refuse to write the binary. */
static void test_cli_refuses_terminal(void **state)
{
    (void)state;
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0 || grantpt(m) || unlockpt(m)) {
        print_message("no pty available: skipped\n");
        skip();
    }
    int sl = open(ptsname(m), O_RDWR | O_NOCTTY);
    assert_true(sl >= 0);
    int errp[2];
    assert_int_equal(pipe(errp), 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(sl, 1), dup2(errp[1], 2);
        execl(paths[XLATE_EXE], "xlate", paths[G_IMAC], (char *)NULL);
        _exit(127);
    }
    close(sl), close(errp[1]);
    char msg[512] = "";
    ssize_t got = read(errp[0], msg, sizeof msg - 1);
    int st;
    waitpid(pid, &st, 0);
    close(errp[0]), close(m);
    msg[got > 0 ? got : 0] = 0;
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) != 0);
    assert_non_null(strstr(msg, "terminal"));
}

int main(int argc, char **argv)
{
    if (argc != N_ARGS + 1) {
        fprintf(stderr, "usage: %s imac.elf im.elf stripped.elf rv64.elf flw.elf illegal.elf "
                "pad.elf xlate\n", argv[0]);
        return 2;
    }
    for (int i = 0; i < N_ARGS; i++)
        paths[i] = argv[i + 1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_translate_guests),
        cmocka_unit_test(test_stripped_same_code),
        cmocka_unit_test(test_unsupported_and_illegal),
        cmocka_unit_test(test_zero_padding_translates),
        cmocka_unit_test(test_not_riscv32),
        cmocka_unit_test(test_patched_headers),
        cmocka_unit_test(test_truncated_every_length),
        cmocka_unit_test(test_random_corruption),
        cmocka_unit_test(test_bad_symtab),
        cmocka_unit_test(test_cli),
        cmocka_unit_test(test_cli_refuses_terminal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
