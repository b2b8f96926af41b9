/* zkvm.h — proving and verifying uISA executions, split into segments
 * (continuations) chained by their public memory boundary.
 * Invariant: zk_prove writes a proof only for a run that exited normally and
 * whose every executed uop is provable; zk_verify accepts only a chain of
 * segments, starting at the entry with the program image and ending in the
 * one exit, each of which the STARK verifier accepts for the program table
 * recomputed from the given .uisa, and never trusts the file. */
#ifndef UVM_ZKVM_H
#define UVM_ZKVM_H

#include <stddef.h>
#include <stdint.h>

#include "security.h"
#include "stark.h"
#include "uisa.h"

struct zk_file; /* zk_file.h: the statement, for the mutate_stmt test hook */
struct vm_trace; /* trace.h: a segment's executed-uop records, for the fault hook */
struct zk_seg_report; /* below: what proving one segment measured, for the dist hooks */

/* Default segment size: 2^21 uops, ~4.5 GB at the measured ~2 KB per uop of
 * peak prover memory, so a segment proves comfortably on a 24 GiB machine
 * with other work beside it. */
#define ZK_DEFAULT_SEGMENT_UOPS (1ull << 21)

/* What one run can prove; a guest-controlled size past these is refused with
 * one line naming the cap, before anything is allocated for it. Measured on
 * the reference machine (2 cores, 24 GiB): an io byte costs ~1.5 KB of peak
 * prover memory (write(1, buf, 4 MiB) alone: 6.3 GB), a MEMSET/MEMCPY word
 * about as much, so each cap keeps a segment at the default size's ~5-6 GB. */
#define ZK_MAX_IO_BYTES (1u << 22)    /* bytes written to fd 1 / read from fd 0, per segment */
#define ZK_MAX_COPY_WORDS (1u << 22)  /* words MEMSET, MEMCPY and MEMMOVE touch, per segment */
#define ZK_MAX_OUTPUT (1u << 28)      /* public output of a run (it is in the proof file) */
/* uvm prove's default uop limit (--max-cycles raises it): 2^28 uops, 128
 * default segments, about half an hour at the measured -O0 rate of 145 k
 * instructions/s and ~5 GiB peak, so a guest that never exits is refused after
 * a check run of a few seconds instead of running forever. */
#define ZK_DEFAULT_MAX_CYCLES (1ull << 28)
enum { ZK_N_CHIPS = 33 };

/* Where a prove run is. Phases: "execute" (the untraced check run that
 * learns the exit, output and segment count), then per segment "trace",
 * "witness", "prove"; finally "done". */
typedef struct zk_progress {
    const char *phase;
    uint32_t seg, n_seg;          /* segment being worked on (0-based) and count */
    uint64_t uops_done, uops_total; /* uops of fully proved segments; of the run */
} zk_progress;

typedef struct zk_prove_opts {
    const uint8_t *input;    /* input (guest fd 0); carried in the proof, so public */
    size_t input_len;
    uint64_t max_cycles;     /* 0: none (zk_prove_opts_default: ZK_DEFAULT_MAX_CYCLES) */
    uint64_t segment_uops;   /* segment size in uops; 0: ZK_DEFAULT_SEGMENT_UOPS */
    stark_params params;     /* stark_params_default() unless a test lowers it */
    int check_rows;          /* name the first violated constraint (slow) */
    /* Tests only: change the witness before proving (traces: ZK_N_CHIPS main
     * traces in system order; the claimed exit code and output; the touched
     * keys and the initial values the prover assumes), then prove without the
     * prover's self-checks, so the verifier alone must catch the change. */
    void (*mutate)(void *ctx, gl_matrix *traces, uint32_t *exit_code, uint8_t *output,
                   size_t output_len, uint64_t *keys, uint32_t *init, uint64_t n_touched);
    void *mutate_ctx;
    /* Called at each phase change (may be NULL); see zk_progress. */
    void (*progress)(void *ctx, const zk_progress *pr);
    void *progress_ctx;
    /* Tests only: change the statement (struct zk_file of zk_file.h: output,
     * input, input_used, ...) after mutate; pointers the hook sets must
     * outlive zk_prove. Also turns the prover's self-checks off. */
    void (*mutate_stmt)(void *ctx, struct zk_file *f);
    /* Tests only (the adversarial suite, tests/zkvm/test_zk_adversarial.c):
     * faults in what the prover's VM reports, before the witness reads it.
     * exec: the program the prover's VM runs (same slot layout as p; NULL: p);
     * exec_rows: the witness also decodes its rows from exec (else from p),
     * while the statement and the program table stay p's. trace: may change
     * segment seg's records (rd value w, load/store value mval). With any of
     * them set, the witness follows the records instead of checking them (rd
     * and stored values, a load's bytes as if memory held them, and the next
     * pc of a branch are the records'), and the prover's self-checks are off.
     * ctx: mutate_ctx. */
    struct {
        const uisa_program *exec;
        int exec_rows;
        void (*trace)(void *ctx, uint32_t seg, struct vm_trace *t);
        /* the witness keeps the memory model without brk lifetimes (a heap
         * word's chain runs on through a shrink, released words keep their
         * values across segments) and each kill row consumes the word's next
         * birth (tests/zkvm/test_zk_heap.c); the prover's self-checks are off */
        int heap_stale;
    } fault;
    /* Proving one run's segments in several processes (cli/uvm_mpi.c; NULL
     * hooks: every segment here). Every process runs the whole guest and
     * builds every segment's witness, so each knows every boundary; only the
     * STARKs are shared out. mine: called for segment seg of n_seg after its
     * witness, before its STARK, with cost = the committed cells of its main
     * traces (sum of rows x columns); 1: prove its STARK here, 0: compute its
     * boundary only, -1: fail (err filled). proved: a STARK proved here
     * (bytes owned by zk_prove; sr complete); -1: fail. gather: after the last
     * segment, fills stark/len (malloc'd; zk_prove frees) and sr (as `proved`
     * got it) of segment seg, one whose STARK was not proved here (called in
     * segment order); 0: filled, 1: this process writes no proof (zk_prove
     * returns 0 with *proof NULL), -1: fail. The bytes written are the
     * single-process ones: every STARK depends only on the run. */
    struct {
        int (*mine)(void *ctx, uint32_t seg, uint32_t n_seg, uint64_t cost, uvm_err *err);
        int (*proved)(void *ctx, uint32_t seg, const uint8_t *stark, size_t len,
                      const struct zk_seg_report *sr, uvm_err *err);
        int (*gather)(void *ctx, uint32_t seg, uint8_t **stark, size_t *len,
                      struct zk_seg_report *sr, uvm_err *err);
        void *ctx;
    } dist;
} zk_prove_opts;


zk_prove_opts zk_prove_opts_default(void);

/* What proving one segment measured. */
typedef struct zk_seg_report {
    uint64_t uops, insns;
    uint64_t rows[ZK_N_CHIPS], height[ZK_N_CHIPS];
    uint64_t cells, cells_exec, n_touched;
    double t_trace, t_witness, t_stark;
    stark_timings st;
    size_t stark_bytes;              /* its STARK proof; boundary bytes are extra */
} zk_seg_report;

/* What a prove run measured: totals over segments (rows, heights, cells,
 * touched keys and times summed), and each segment in seg[]. */
typedef struct zk_report {
    uint64_t uops, insns;
    uint32_t exit_code;
    const char *chip_name[ZK_N_CHIPS];
    uint64_t rows[ZK_N_CHIPS];       /* used rows */
    uint64_t height[ZK_N_CHIPS];     /* committed (power-of-two) rows */
    uint64_t width[ZK_N_CHIPS];      /* committed columns: main + fixed + LogUp aux */
    uint64_t cells, cells_exec;      /* all chips; execution and io chips only */
    uint64_t n_touched;
    double t_execute;                /* the untraced check run */
    double t_trace, t_witness, t_stark, t_total;
    stark_timings st;
    size_t proof_bytes;
    uint32_t n_seg;
    zk_seg_report *seg;              /* n_seg entries, owned: zk_report_free */
} zk_report;
void zk_report_free(zk_report *r);

/* Runs p on the input and proves the run, segment by segment: a first run
 * (untraced but for provability) learns the exit code, output and segment
 * count, then each segment is traced, witnessed and proved in turn, with only
 * one segment's trace and witness in memory. On success *proof (malloc'd,
 * caller frees) holds the .uvp bytes. Fails, writing no proof, if the guest
 * faults, hits max_cycles, or executes a uop that is not provable yet (the
 * error names the uop and pc). rep may be NULL; else free it with zk_report_free. */
int zk_prove(const uisa_program *p, const zk_prove_opts *o, uint8_t **proof, size_t *len,
             zk_report *rep, uvm_err *err);

/* The statement a verified proof establishes. */
typedef struct zk_claim {
    uint32_t exit_code;
    uint8_t input_hash[32];  /* SHA-256 of the input bytes carried in the statement (the
                                input is public: this STARK has no zero-knowledge) */
    uint32_t input_len, input_used; /* input bytes given / consumed by the run's reads */
    uint8_t elf_hash[32];
    uint8_t prog_digest[32]; /* the program table proved (zk_file.h: zk_program_digest) */
    uint32_t level, flags;   /* the program's -O level and UISA_FLAG_* */
    uint8_t hints_hash[32];  /* its hints (uisa_program.hints_hash; zero without native ops) */
    uint8_t proof_id[32];    /* the proof's identity over its canonical content (zk_file.h) */
    uint8_t *output;         /* public output (fd 1) the run wrote; owned */
    size_t output_len;
    uint32_t n_seg;
    uint64_t steps;          /* execution steps (EXEC timestamps) of the proved run:
                                one per uop, two per fused uop */
} zk_claim;

/* 0 if `proof` proves an exiting run of p: its statement names p's program
 * digest and translation record (zk_file.h), its segments chain (segment 0
 * starts at the entry with the program image; each starts where the previous
 * ended, with the values the earlier segments left; only the last exits) and
 * each segment's STARK verifies; -1 with a one-line reason otherwise.
 * min_security: bits in the conjectured regime (0: the default policy,
 * stark_policy_default). claim may be NULL. */
int zk_verify(const uisa_program *p, const uint8_t *proof, size_t len, unsigned min_security,
              zk_claim *claim, uvm_err *err);
void zk_claim_free(zk_claim *c);
/* zk_verify under a policy naming the regime (security.h): every segment
 * must reach pol->min_security_bits in pol->regime. pol NULL: the default. */
int zk_verify_policy(const uisa_program *p, const uint8_t *proof, size_t len,
                     const stark_policy *pol, zk_claim *claim, uvm_err *err);

/* Security of a .uvp for p (zk_security.c): per regime, its weakest segment's
 * bits (security.h) with the binding term. Does not verify the proof. */
int zk_security(const uisa_program *p, const uint8_t *proof, size_t len, stark_security *out,
                uvm_err *err);
/* The same for a model segment of p whose chips all have 2^log_h rows, proved
 * with P; fractions > 0 replaces its LogUp fraction count. */
int zk_security_model(const uisa_program *p, const stark_params *P, unsigned log_h,
                      double fractions, stark_security *out, uvm_err *err);

/* Provability of an ops.def row: NULL if the prover has constraints for it,
 * else the reason ("not provable yet"). */
const char *zk_uop_unprovable(uisa_op op);

#endif
