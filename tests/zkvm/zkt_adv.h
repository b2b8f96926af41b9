/* zkt_adv.h — the programs of the adversarial suite (test_zk_adversarial.c,
 * docs/adversarial.md): hand-built subjects covering the chips plus a corpus
 * program, an honest look at each (table, records, rows), and the metamorphic
 * pair generator. Invariant: every program is rebuilt identically on every
 * call, and every random choice comes from adv_rnd on a caller's state. */
#ifndef UVM_TESTS_ZKT_ADV_H
#define UVM_TESTS_ZKT_ADV_H

#include "trace.h"
#include "zk_int.h"
#include "zkt.h"

/* splitmix64: advances *s and returns the next 64-bit value. */
uint64_t adv_rnd(uint64_t *s);

/* Prints "test_zk_adversarial: what: msg" and exits 2 (a broken setup, not
 * a mutant outcome). */
void adv_fatal(const char *what, const char *msg);

/* A subject: a hand-built program (make) with its input string, or, with
 * make NULL, the corpus ELF <adv_corpus_dir>/<name>.gcc.elf at -O0 on its
 * small input. Subjects 0..12 are hand-built (sum branches bytes lt logic
 * shift io muldiv fused cross half memset keccak), ADV_CORPUS is fib. */
typedef struct adv_subject {
    const char *name;
    vmt *(*make)(void);
    const char *input;
} adv_subject;
enum { ADV_N_SUBJ = 14, ADV_CORPUS = 13 };
extern const adv_subject adv_subjects[ADV_N_SUBJ];
extern const char *adv_corpus_dir; /* NULL: the corpus subject is not drawn */

/* A fresh copy of a subject's program: p points into t (hand-built) or own
 * (translated; heap, so the handle may be copied). */
typedef struct adv_prog {
    vmt *t;
    uisa_program *own;
    uisa_program *p;
} adv_prog;
adv_prog adv_prog_make(unsigned s);
/* The same at translation level -O`level` (0 or 1: fusion) for the corpus
 * subject; hand-built subjects ignore level. */
adv_prog adv_prog_level(unsigned s, int level);
void adv_prog_free(adv_prog *h);

/* The honest look at a subject, made once and cached: its program, input,
 * program table, the VM's records, which slots ran, and the rows the
 * witness uses per chip (no STARK). */
typedef struct adv_info {
    adv_prog h;
    const uint8_t *input;
    size_t input_len;
    uint8_t *input_buf;
    zk_prow *prog;
    uint32_t n_prog;
    vm_trace tr;
    uint8_t *ran;  /* per slot: 1 if executed */
    uint64_t rows[ZC_COUNT];
    int ok;
} adv_info;
adv_info *adv_info_get(unsigned s);
void adv_info_free_all(void);

/* A random straight-line ALU program (seeded), or (rewrite = 1) the same
 * computation with each op replaced by an equivalent sequence through the
 * scratch registers x30, x31; both store their registers, write them to fd 1
 * and exit with their checksum. */
vmt *adv_pair_prog(uint64_t seed, int rewrite);

#endif
